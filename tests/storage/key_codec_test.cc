// Pins the order-preserving key encoding: memcmp order equals DynamoDB's value order.
#include "storage/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "model/number.h"

namespace drydock::storage {
namespace {

using model::AttributeValue;

AttributeValue n(const char* text) {
  return AttributeValue::number(model::Number::parse(text)->to_string());
}

TEST(KeyCodec, NumbersSortNumerically) {
  std::vector<const char*> ordered = {"-1e125", "-100", "-10", "-9.99", "-9.9", "-1.23", "-1.2",
                                      "-1",     "-0.5", "-1e-130", "0",   "1e-130", "0.5",
                                      "1",      "1.2",  "1.23",   "9.9", "9.99",   "10",
                                      "100",    "1e125"};
  for (std::size_t i = 0; i + 1 < ordered.size(); ++i) {
    EXPECT_LT(encode_key_value(n(ordered[i])), encode_key_value(n(ordered[i + 1])))
        << ordered[i] << " < " << ordered[i + 1];
  }
}

TEST(KeyCodec, RandomNumbersAgreeWithNumberOrder) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> digit(0, 9), len(1, 12), exp(-20, 20), sign(0, 1);
  std::vector<model::Number> numbers;
  for (int i = 0; i < 500; ++i) {
    std::string text = sign(rng) ? "-" : "";
    int l = len(rng);
    for (int d = 0; d < l; ++d) text.push_back(static_cast<char>('0' + digit(rng)));
    text += "e" + std::to_string(exp(rng));
    numbers.push_back(*model::Number::parse(text));
  }
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i) {
    const auto& a = numbers[i];
    const auto& b = numbers[i + 1];
    auto ea = encode_key_value(AttributeValue::number(a.to_string()));
    auto eb = encode_key_value(AttributeValue::number(b.to_string()));
    EXPECT_EQ(a < b, ea < eb) << a.to_string() << " vs " << b.to_string();
    EXPECT_EQ(a == b, ea == eb) << a.to_string() << " vs " << b.to_string();
  }
}

TEST(KeyCodec, StringsAndBinarySortByUnsignedBytes) {
  auto s = [](std::string v) { return encode_key_value(AttributeValue::string(std::move(v))); };
  EXPECT_LT(s("A"), s("a"));
  EXPECT_LT(s("a"), s("aa"));
  EXPECT_LT(s("z"), s("\xc3\xa9"));  // UTF-8 bytes above ASCII sort after it
  auto b = [](std::string v) { return encode_key_value(AttributeValue::binary(std::move(v))); };
  EXPECT_LT(b(std::string("\x01", 1)), b(std::string("\xff", 1)));
  EXPECT_LT(b(std::string("", 0)), b(std::string("\0", 1)));
}

TEST(KeyCodec, PartitionHashIsStableAndNonNegative) {
  EXPECT_EQ(partition_hash("abc"), partition_hash("abc"));
  EXPECT_NE(partition_hash("abc"), partition_hash("abd"));
  for (int i = 0; i < 1000; ++i) EXPECT_GE(partition_hash(std::to_string(i)), 0);
}

}  // namespace
}  // namespace drydock::storage
