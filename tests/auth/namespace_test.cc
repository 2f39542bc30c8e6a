// Pins DynamoDB Local's database file naming ("<accessKey>_<region>.db",
// "shared-local-instance.db") and drydock's escaping of names DynamoDB Local would refuse.
#include "auth/namespace.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace drydock::auth {
namespace {

TEST(NamespaceFileName, DynamoDBLocalNames) {
  EXPECT_EQ(namespace_file_name("AKIDEXAMPLE", "us-east-1", false), "AKIDEXAMPLE_us-east-1.db");
  EXPECT_EQ(namespace_file_name("fakeMyKeyId", "localhost", false), "fakeMyKeyId_localhost.db");
  EXPECT_EQ(namespace_file_name("AKIDEXAMPLE", "us-east-1", true), "shared-local-instance.db");
  EXPECT_EQ(namespace_file_name("anything/../x", "weird", true), "shared-local-instance.db");
}

TEST(NamespaceFileName, EscapesUnsafeBytes) {
  EXPECT_EQ(namespace_file_name("../../etc/passwd", "us-east-1", false),
            "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd_us-east-1.db");
  EXPECT_EQ(namespace_file_name("my_key", "Weird_Region!", false), "my%5Fkey_Weird%5FRegion%21.db");
  EXPECT_EQ(namespace_file_name("", "", false), "_.db");
  EXPECT_EQ(namespace_file_name("k\xC3\xA9y", "r\n", false), "k%C3%A9y_r%0A.db");
}

TEST(NamespaceFileName, DistinctNamespacesGetDistinctFiles) {
  // '_' separates key from region, so a '_' inside either must not make two pairs collide.
  const std::set<std::string> names = {
      namespace_file_name("a_b", "c", false), namespace_file_name("a", "b_c", false),
      namespace_file_name("a", "b", false), namespace_file_name("A", "b", false),
      namespace_file_name("a%5Fb", "c", false)};
  EXPECT_EQ(names.size(), 5u);
}

TEST(NamespaceFileName, LongNamesStayUniqueAndShort) {
  const std::string key_a(300, 'A');
  std::string key_b = key_a;
  key_b.back() = 'B';
  const std::string a = namespace_file_name(key_a, "us-east-1", false);
  const std::string b = namespace_file_name(key_b, "us-east-1", false);
  EXPECT_LE(a.size(), 255u);
  EXPECT_LE(b.size(), 255u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(a.starts_with(std::string(180, 'A') + "~"));
  EXPECT_TRUE(a.ends_with(".db"));
  // Just under the limit: kept whole.
  const std::string fits(255 - 3 - 1 - 1, 'K');
  EXPECT_EQ(namespace_file_name(fits, "r", false), fits + "_r.db");
}

}  // namespace
}  // namespace drydock::auth
