// Legacy parameters: messages pinned against DynamoDB Local, and evaluation through the
// shared trees.
#include <gtest/gtest.h>

#include "expr/evaluate.h"
#include "expr/legacy.h"
#include "tests/expr/test_values.h"

namespace drydock::expr {
namespace {

using namespace testing;  // NOLINT
using Op = ComparisonOperator;

const Item kItem{{"pk", S("k")}, {"a", N("1")}, {"s", S("abc")}, {"ss", SS({"x", "y"})}};

std::string expected(ExpectedMap e, const Item* item = &kItem,
                     ConditionalOperator op = ConditionalOperator::AND) {
  auto c = build_expected(e, op);
  if (!c) return c.error().message;
  return evaluate(*c, item) ? "TRUE" : "FALSE";
}

ExpectedCondition with(Op op, std::vector<AttributeValue> values) {
  ExpectedCondition e;
  e.op = op;
  e.values = std::move(values);
  return e;
}

TEST(Expected, Evaluation) {
  EXPECT_EQ(expected({{"nope", with(Op::NE, {N("1")})}}), "TRUE");
  EXPECT_EQ(expected({{"nope", with(Op::NOT_CONTAINS, {S("x")})}}), "FALSE");
  EXPECT_EQ(expected({{"s", with(Op::NOT_CONTAINS, {S("x")})}}), "TRUE");
  EXPECT_EQ(expected({{"a", with(Op::NE, {S("1")})}}), "TRUE");
  EXPECT_EQ(expected({{"a", with(Op::EQ, {L({})})}}), "FALSE");
  EXPECT_EQ(expected({{"ss", with(Op::CONTAINS, {S("y")})}}), "TRUE");
  EXPECT_EQ(expected({{"a", with(Op::BETWEEN, {N("0"), N("1")})}}), "TRUE");
  EXPECT_EQ(expected({{"a", with(Op::IN, {N("3"), N("1")})}}), "TRUE");
  EXPECT_EQ(expected({{"s", with(Op::BEGINS_WITH, {S("ab")})}}), "TRUE");
  EXPECT_EQ(expected({{"a", with(Op::NULL_, {})}}), "FALSE");
  EXPECT_EQ(expected({{"a", with(Op::NOT_NULL, {})}}), "TRUE");
  ExpectedCondition exists_false;
  exists_false.exists = false;
  EXPECT_EQ(expected({{"a", exists_false}}), "FALSE");
  EXPECT_EQ(expected({{"a", exists_false}}, nullptr), "TRUE");
  ExpectedCondition value;
  value.value = N("1");
  EXPECT_EQ(expected({{"a", value}}), "TRUE");
  EXPECT_EQ(expected({{"a", value}, {"s", with(Op::EQ, {S("no")})}}), "FALSE");
  EXPECT_EQ(expected({{"a", value}, {"s", with(Op::EQ, {S("no")})}}, &kItem, ConditionalOperator::OR),
            "TRUE");
  EXPECT_EQ(expected({}), "TRUE");
}

TEST(Expected, Messages) {
  const std::string invalid = "One or more parameter values were invalid: ";
  EXPECT_EQ(expected({{"a", with(Op::EQ, {})}}),
            invalid + "Invalid number of argument(s) for the EQ ComparisonOperator");
  EXPECT_EQ(expected({{"a", with(Op::EQ, {N("1"), N("2")})}}),
            invalid + "Invalid number of argument(s) for the EQ ComparisonOperator");
  EXPECT_EQ(expected({{"a", with(Op::BETWEEN, {N("1")})}}),
            invalid + "Invalid number of argument(s) for the BETWEEN ComparisonOperator");
  EXPECT_EQ(expected({{"a", with(Op::NOT_NULL, {N("1")})}}),
            invalid + "Invalid number of argument(s) for the NOT_NULL ComparisonOperator");
  EXPECT_EQ(expected({{"a", with(Op::IN, {})}}),
            invalid + "Invalid number of argument(s) for the IN ComparisonOperator");
  EXPECT_EQ(expected({{"a", with(Op::LT, {Bool(true)})}}),
            invalid + "ComparisonOperator LT is not valid for BOOL AttributeValue type");
  EXPECT_EQ(expected({{"a", with(Op::CONTAINS, {L({})})}}),
            invalid + "ComparisonOperator CONTAINS is not valid for L AttributeValue type");
  EXPECT_EQ(expected({{"a", with(Op::BEGINS_WITH, {N("1")})}}),
            invalid + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  EXPECT_EQ(expected({{"a", with(Op::IN, {L({})})}}),
            invalid + "ComparisonOperator IN is not valid for L AttributeValue type");
  EXPECT_EQ(expected({{"a", with(Op::BETWEEN, {N("2"), N("1")})}}),
            "The BETWEEN condition was provided a range where the lower bound is greater than "
            "the upper bound");
  ExpectedCondition e;
  e.exists = false;
  e.value = N("1");
  EXPECT_EQ(expected({{"a", e}}), invalid + "Value cannot be used when Exists is false for Attribute: a");
  e = {};
  e.exists = true;
  EXPECT_EQ(expected({{"a", e}}), invalid + "Value must be provided when Exists is true for Attribute: a");
  EXPECT_EQ(expected({{"a", ExpectedCondition{}}}),
            invalid + "Value must be provided when Exists is null for Attribute: a");
  e = {};
  e.op = Op::EQ;
  EXPECT_EQ(expected({{"a", e}}),
            invalid + "Value or AttributeValueList must be used with ComparisonOperator: EQ for "
                      "Attribute: a");
  EXPECT_EQ(parse_comparison_operator("XX").error().message,
            "Comparison type does not exist in DynamoDB");
  EXPECT_EQ(*parse_comparison_operator("NULL"), Op::NULL_);
}

TEST(AttributeUpdates, BuildAndApply) {
  const std::string invalid = "One or more parameter values were invalid: ";
  auto bad = [](AttributeUpdate::Action a, std::optional<AttributeValue> v) {
    return build_attribute_updates({{"a", AttributeUpdate{a, std::move(v)}}}).error().message;
  };
  EXPECT_EQ(bad(AttributeUpdate::Action::ADD, S("x")),
            invalid + "ADD action is not supported for the type STRING");
  EXPECT_EQ(bad(AttributeUpdate::Action::DELETE, N("1")),
            invalid + "DELETE action with value is not supported for the type NUMBER");
  EXPECT_EQ(bad(AttributeUpdate::Action::PUT, std::nullopt),
            invalid + "Only DELETE action is allowed when no attribute value is specified");

  Item item = kItem;
  KeyNames key{"pk", ""};
  auto u = build_attribute_updates({{"a", {AttributeUpdate::Action::ADD, N("2")}},
                                    {"s", {AttributeUpdate::Action::DELETE, std::nullopt}},
                                    {"ss", {AttributeUpdate::Action::DELETE, SS({"x"})}},
                                    {"l", {AttributeUpdate::Action::ADD, L({N("1")})}},
                                    {"n", {AttributeUpdate::Action::PUT, S("new")}}});
  ASSERT_TRUE(u);
  ASSERT_TRUE(apply_update(*u, item, key));
  EXPECT_EQ(render_item(item), "{a:N3,l:[N1],n:S\"new\",pk:S\"k\",ss:SS<y>}");
  auto more = build_attribute_updates({{"l", {AttributeUpdate::Action::ADD, L({N("2")})}}});
  ASSERT_TRUE(apply_update(*more, item, key));
  EXPECT_EQ(render(item.at("l")), "[N1,N2]");

  auto mismatch = build_attribute_updates({{"n", {AttributeUpdate::Action::ADD, N("1")}}});
  EXPECT_EQ(apply_update(*mismatch, item, key).error().message,
            "Type mismatch for attribute to update");
  auto set_mismatch = build_attribute_updates({{"ss", {AttributeUpdate::Action::DELETE, NS({"1"})}}});
  EXPECT_EQ(apply_update(*set_mismatch, item, key).error().message,
            "Type mismatch for attribute to update");
  auto on_key = build_attribute_updates({{"pk", {AttributeUpdate::Action::PUT, S("x")}}});
  EXPECT_EQ(apply_update(*on_key, item, key).error().message,
            invalid + "Cannot update attribute pk. This attribute is part of the key");
}

TEST(Legacy, FilterAndAttributesToGet) {
  auto c = build_filter({{"a", {Op::GE, {N("1")}}}, {"s", {Op::CONTAINS, {S("b")}}}},
                        ConditionalOperator::AND);
  ASSERT_TRUE(c);
  EXPECT_EQ(to_string(*c), "(AND (>= a {N:1}) (contains s {S:b}))");
  EXPECT_TRUE(evaluate(*c, &kItem));
  EXPECT_EQ(render_item(project(build_attributes_to_get({"s", "nope", "a"}), kItem)),
            "{a:N1,s:S\"abc\"}");
}

TEST(Legacy, MixingMessage) {
  EXPECT_TRUE(check_no_mixing({}, {"ConditionExpression"}));
  EXPECT_TRUE(check_no_mixing({"Expected"}, {}));
  EXPECT_EQ(check_no_mixing({"AttributeUpdates", "Expected"}, {"ConditionExpression"}).error().message,
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: "
            "{ConditionExpression}");
  EXPECT_EQ(check_no_mixing({"ScanFilter"}, {"FilterExpression"}).error().message,
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}");
}

}  // namespace
}  // namespace drydock::expr
