// Pins the credentials file format and lookups.
#include "auth/credentials.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace drydock::auth {
namespace {

TEST(Credentials, EmptyByDefault) {
  Credentials credentials;
  EXPECT_TRUE(credentials.empty());
  EXPECT_EQ(credentials.secret_for("AKID"), std::nullopt);
}

TEST(Credentials, ParsesPairsCommentsAndBlankLines) {
  auto credentials = Credentials::parse(
      "# drydock credentials\n"
      "\n"
      "AKIDEXAMPLE wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n"
      "   local\tsecret#with-hash   # trailing comment\r\n"
      "  # indented comment\n"
      "last key-without-newline");
  ASSERT_TRUE(credentials.has_value()) << credentials.error().message;
  EXPECT_EQ(credentials->size(), 3u);
  EXPECT_EQ(credentials->secret_for("AKIDEXAMPLE"), "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  EXPECT_EQ(credentials->secret_for("local"), "secret#with-hash");
  EXPECT_EQ(credentials->secret_for("last"), "key-without-newline");
  EXPECT_EQ(credentials->secret_for("akidexample"), std::nullopt);  // key ids are case-sensitive
}

TEST(Credentials, EmptyTextIsAnEmptyStore) {
  auto credentials = Credentials::parse("# nothing yet\n\n");
  ASSERT_TRUE(credentials.has_value());
  EXPECT_TRUE(credentials->empty());
}

TEST(Credentials, RejectsMalformedLines) {
  auto one_word = Credentials::parse("AKID secret\nAKID2\n");
  ASSERT_FALSE(one_word.has_value());
  EXPECT_EQ(one_word.error().message, "line 2: expected 'ACCESS_KEY SECRET_KEY', got 1 word");
  auto three_words = Credentials::parse("\n\nAKID secret extra\n");
  ASSERT_FALSE(three_words.has_value());
  EXPECT_EQ(three_words.error().message, "line 3: expected 'ACCESS_KEY SECRET_KEY', got 3 words");
  auto duplicate = Credentials::parse("AKID one\nAKID two\n");
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().message, "line 2: access key 'AKID' is listed twice");
}

TEST(Credentials, AddReplaces) {
  Credentials credentials;
  credentials.add("AKID", "one");
  credentials.add("AKID", "two");
  EXPECT_EQ(credentials.size(), 1u);
  EXPECT_EQ(credentials.secret_for("AKID"), "two");
}

TEST(Credentials, LoadsAFile) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("drydock-credentials-test-" + std::to_string(::getpid()));
  {
    std::ofstream out(path);
    out << "# test\nAKIDEXAMPLE secret1\nOTHER secret2\n";
  }
  auto credentials = Credentials::load_file(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(credentials.has_value()) << credentials.error().message;
  EXPECT_EQ(credentials->size(), 2u);
  EXPECT_EQ(credentials->secret_for("OTHER"), "secret2");

  auto missing = Credentials::load_file(path);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "cannot read credentials file " + path.string());
}

TEST(Credentials, FileErrorsNameTheFile) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("drydock-credentials-bad-" + std::to_string(::getpid()));
  {
    std::ofstream out(path);
    out << "AKID\n";
  }
  auto credentials = Credentials::load_file(path);
  std::filesystem::remove(path);
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().message,
            "credentials file " + path.string() +
                ": line 1: expected 'ACCESS_KEY SECRET_KEY', got 1 word");
}

}  // namespace
}  // namespace drydock::auth
