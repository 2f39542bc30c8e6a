// Pins DynamoDB value equality: sets compare as sets, numbers by value.
#include "model/attribute_value.h"

#include <gtest/gtest.h>

namespace drydock::model {
namespace {

TEST(AttributeValue, SetsCompareIgnoringOrder) {
  auto a = AttributeValue::set(Type::SS, {"a", "b"});
  auto b = AttributeValue::set(Type::SS, {"b", "a"});
  auto c = AttributeValue::set(Type::SS, {"a", "c"});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a, AttributeValue::set(Type::BS, {"a", "b"}));
}

TEST(AttributeValue, TypesMatter) {
  EXPECT_NE(AttributeValue::string("1"), AttributeValue::number("1"));
  EXPECT_EQ(AttributeValue::null(), AttributeValue::null());
  EXPECT_EQ(type_name(Type::NULL_), "NULL");
  EXPECT_EQ(type_name(Type::BS), "BS");
}

TEST(AttributeValue, NestedEquality) {
  AttributeValue::Map m{{"x", AttributeValue::list({AttributeValue::boolean(true)})}};
  EXPECT_EQ(AttributeValue::map(m), AttributeValue::map(m));
  AttributeValue::Map n{{"x", AttributeValue::list({AttributeValue::boolean(false)})}};
  EXPECT_NE(AttributeValue::map(m), AttributeValue::map(n));
}

}  // namespace
}  // namespace drydock::model
