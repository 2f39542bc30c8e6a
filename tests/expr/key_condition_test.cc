// KeyConditionExpression: shape checks and the range a Query scans. Messages pinned against
// DynamoDB Local, except "Query condition missed key schema element: pk", where DynamoDB
// names the key (DynamoDB Local stops at "element").
#include <gtest/gtest.h>

#include "expr/key_condition.h"
#include "expr/parser.h"
#include "tests/expr/test_values.h"

namespace drydock::expr {
namespace {

using namespace testing;  // NOLINT

const KeySchema kHashRange{"pk", Type::S, "sk", Type::N};
const KeySchema kHashOnly{"pk", Type::S, "", Type::S};
const KeySchema kStringRange{"pk", Type::S, "sk", Type::S};

struct KeyCase {
  std::string expr;
  Values values;
  std::string expected;  // "OK <rendering>" or the message
  const KeySchema* schema = &kHashRange;
};

std::string render_key(const KeyCondition& k) {
  static constexpr const char* kOps[] = {"", "=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"};
  std::string out = "OK " + render(k.hash_value);
  if (k.sort_op != KeyCondition::SortOp::None) {
    out += std::string(" ") + kOps[static_cast<int>(k.sort_op)] + " " + render(k.sort_value);
    if (k.sort_op == KeyCondition::SortOp::Between) out += " " + render(k.sort_upper);
  }
  return out;
}

std::string run(const KeyCase& c) {
  auto parsed = parse_condition(c.expr, ExprKind::KeyConditionExpression);
  if (!parsed) return parsed.error().message;
  Context ctx(nullptr, c.values.empty() ? nullptr : &c.values);
  auto k = resolve_key_condition(**parsed, ctx, *c.schema);
  if (!k) return k.error().message;
  if (auto r = ctx.check_unused(); !r) return r.error().message;
  return render_key(*k);
}

const Values P{{":p", S("x")}};
const Values PN{{":p", S("x")}, {":n", N("1")}};

class KeyConditionCases : public ::testing::TestWithParam<KeyCase> {};
TEST_P(KeyConditionCases, Resolves) { EXPECT_EQ(run(GetParam()), GetParam().expected) << GetParam().expr; }

INSTANTIATE_TEST_SUITE_P(
    Cases, KeyConditionCases,
    ::testing::Values(
        KeyCase{"pk = :p", P, "OK S\"x\""},
        KeyCase{"sk = :n", {{":n", N("1")}}, "Query condition missed key schema element: pk"},
        KeyCase{"pk = :p AND sk = :n", PN, "OK S\"x\" = N1"},
        KeyCase{"sk = :n AND pk = :p", PN, "OK S\"x\" = N1"},
        KeyCase{"pk = :p AND sk < :n", PN, "OK S\"x\" < N1"},
        KeyCase{"pk = :p AND sk <= :n", PN, "OK S\"x\" <= N1"},
        KeyCase{"pk = :p AND sk > :n", PN, "OK S\"x\" > N1"},
        KeyCase{"pk = :p AND :n > sk", PN, "OK S\"x\" < N1"},
        KeyCase{"pk = :p AND :n <= sk", PN, "OK S\"x\" >= N1"},
        KeyCase{":p = pk", P, "OK S\"x\""},
        KeyCase{"pk = :p AND sk BETWEEN :a AND :b", {{":p", S("x")}, {":a", N("1")}, {":b", N("2")}},
                "OK S\"x\" BETWEEN N1 N2"},
        KeyCase{"pk = :p AND begins_with(sk, :n)", PN,
                "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
                "operator or function: begins_with, operand type: N"},
        KeyCase{"pk = :p AND begins_with(sk, :s)", {{":p", S("x")}, {":s", S("1")}},
                "One or more parameter values were invalid: Condition parameter type does not "
                "match schema type"},
        KeyCase{"pk = :p AND begins_with(sk, :s)", {{":p", S("x")}, {":s", S("ab")}},
                "OK S\"x\" begins_with S\"ab\"",
                &kStringRange},
        KeyCase{"pk = :p OR sk = :n", PN, "Invalid operator used in KeyConditionExpression: OR"},
        KeyCase{"NOT pk = :p", P, "Invalid operator used in KeyConditionExpression: NOT"},
        KeyCase{"pk <> :p", P, "Invalid operator used in KeyConditionExpression: <>"},
        KeyCase{"pk < :p", P, "Query key condition not supported"},
        KeyCase{"pk IN (:p)", P, "Invalid operator used in KeyConditionExpression: IN"},
        KeyCase{"pk = :p AND sk <> :n", PN, "Invalid operator used in KeyConditionExpression: <>"},
        KeyCase{"pk = :p AND pk = :p", P, "KeyConditionExpressions must only contain one condition per key"},
        KeyCase{"pk = :p AND sk = :n AND sk = :n", PN,
                "KeyConditionExpressions must only contain one condition per key"},
        KeyCase{"pk = :p AND x = :p", P, "Query condition missed key schema element: sk"},
        KeyCase{"x = :p", P, "Query condition missed key schema element: pk"},
        KeyCase{"pk = pk", {},
                "Invalid KeyConditionExpression: The first operand must be distinct from the "
                "remaining operands for this operator or function; operator: =, first operand: [pk]"},
        KeyCase{"attribute_exists(pk)", {}, "Invalid operator used in KeyConditionExpression: attribute_exists"},
        KeyCase{"pk = :p AND contains(sk, :p)", P, "Invalid operator used in KeyConditionExpression: contains"},
        KeyCase{"pk = :p AND size(sk) = :n", PN, "KeyConditionExpressions cannot contain nested operations"},
        KeyCase{"size(pk) = :n", {{":n", N("1")}}, "KeyConditionExpressions cannot contain nested operations"},
        KeyCase{"pk.x = :p", P,
                "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
                "allowed: Key: pk"},
        KeyCase{"pk[0] = :p", P,
                "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
                "allowed: Key: pk"},
        KeyCase{"pk = :n", {{":n", N("1")}},
                "One or more parameter values were invalid: Condition parameter type does not match "
                "schema type"},
        KeyCase{"(pk = :p) AND (sk = :n)", PN, "OK S\"x\" = N1"},
        KeyCase{"pk = :p AND sk BETWEEN :b AND :a", {{":p", S("x")}, {":a", N("1")}, {":b", N("2")}},
                "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
                "greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, "
                "upper bound operand: AttributeValue: {N:1}"},
        KeyCase{"pk = :p AND sk = :q", P,
                "Invalid KeyConditionExpression: An expression attribute value used in expression "
                "is not defined; attribute value: :q"},
        KeyCase{"pk = :p", {{":p", S("x")}, {":u", S("y")}},
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"},
        KeyCase{"status = :p", P,
                "Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved "
                "keyword: status"},
        KeyCase{"pk = :p AND sk < :n", {{":p", S("x")}, {":n", Bool(true)}},
                "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
                "operator or function: <, operand type: BOOL"},
        KeyCase{"pk = :e", {{":e", S("")}},
                "One or more parameter values are not valid. The AttributeValue for a key attribute "
                "cannot contain an empty string value. Key: pk"},
        KeyCase{"pk = :p AND begins_with(pk, :p)", P,
                "KeyConditionExpressions must only contain one condition per key"},
        KeyCase{"begins_with(pk, :p)", P, "Query key condition not supported"},
        KeyCase{"pk BETWEEN :p AND :p", P, "Query key condition not supported"},
        KeyCase{"sk = :n AND sk = :n", {{":n", N("1")}},
                "KeyConditionExpressions must only contain one condition per key"},
        KeyCase{"pk = :p AND sk = :n", PN, "Query key condition not supported", &kHashOnly},
        KeyCase{"pk = :p", P, "OK S\"x\"", &kHashOnly}));

TEST(FilterKeys, QueryFilterMayNotUseKeys) {
  auto parsed = parse_condition("a = :v AND size(sk) > :v", ExprKind::FilterExpression);
  ASSERT_TRUE(parsed);
  Values values{{":v", N("1")}};
  Context ctx(nullptr, &values);
  auto c = resolve_condition(**parsed, ExprKind::FilterExpression, ctx);
  ASSERT_TRUE(c);
  auto r = check_filter_keys(*c, kHashRange);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
  EXPECT_TRUE(check_filter_keys(*c, KeySchema{"x", Type::S, "", Type::S}));
}

}  // namespace
}  // namespace drydock::expr
