// Pins DynamoDB's documented item-size arithmetic.
#include "model/item_size.h"

#include <gtest/gtest.h>

namespace drydock::model {
namespace {

TEST(ItemSize, StringsCountUtf8Bytes) {
  Item item{{"name", AttributeValue::string("h\xc3\xa9llo")}};
  EXPECT_EQ(item_size(item), 4u + 6u);
}

TEST(ItemSize, NumbersCountSignificantDigits) {
  EXPECT_EQ(number_size("1"), 2u);
  EXPECT_EQ(number_size("12"), 2u);
  EXPECT_EQ(number_size("123"), 3u);
  EXPECT_EQ(number_size("1000"), 2u);
  EXPECT_EQ(number_size("-0.0012"), 2u);
  EXPECT_EQ(number_size("12345678901234567890123456789012345678"), 20u);
}

TEST(ItemSize, ContainersAddOverhead) {
  EXPECT_EQ(value_size(AttributeValue::list({})), 3u);
  EXPECT_EQ(value_size(AttributeValue::map({})), 3u);
  EXPECT_EQ(value_size(AttributeValue::list({AttributeValue::null(), AttributeValue::boolean(true)})),
            3u + 2u + 2u);
  EXPECT_EQ(value_size(AttributeValue::map({{"ab", AttributeValue::string("xyz")}})), 3u + 1u + 5u);
  EXPECT_EQ(value_size(AttributeValue::set(Type::SS, {"ab", "c"})), 3u);
}

}  // namespace
}  // namespace drydock::model
