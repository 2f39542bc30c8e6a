// Cases whose expected results were observed on DynamoDB Local (see gen_oracle_cases.py):
// every message word for word, the order in which errors are reported, and evaluation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expr/evaluate.h"
#include "expr/parser.h"
#include "expr/resolver.h"
#include "tests/expr/test_values.h"

namespace drydock::expr {
namespace {

using namespace testing;  // NOLINT

#define ORACLE_ITEMS
#include "tests/expr/oracle_cases.inc"
#undef ORACLE_ITEMS

struct ConditionCase {
  std::string expr;
  std::optional<Names> names;
  std::optional<Values> values;
  std::optional<Item> item;
  std::string expected;
};

struct UpdateCase {
  std::string expr;
  const char* condition;
  std::optional<Names> names;
  std::optional<Values> values;
  std::optional<Item> item;
  std::string expected;
};

struct ProjectionCase {
  std::string expr;
  std::optional<Names> names;
  std::optional<Item> item;
  std::string expected;
};

const std::vector<ConditionCase>& condition_cases() {
  static const std::vector<ConditionCase> cases = {
#define CONDITION_CASE(...) {__VA_ARGS__},
#include "tests/expr/oracle_cases.inc"
#undef CONDITION_CASE
  };
  return cases;
}

const std::vector<UpdateCase>& update_cases() {
  static const std::vector<UpdateCase> cases = {
#define UPDATE_CASE(...) {__VA_ARGS__},
#include "tests/expr/oracle_cases.inc"
#undef UPDATE_CASE
  };
  return cases;
}

const std::vector<ProjectionCase>& projection_cases() {
  static const std::vector<ProjectionCase> cases = {
#define PROJECTION_CASE(...) {__VA_ARGS__},
#include "tests/expr/oracle_cases.inc"
#undef PROJECTION_CASE
  };
  return cases;
}

template <typename T>
const T* ptr(const std::optional<T>& o) {
  return o ? &*o : nullptr;
}

// A PutItem with ConditionExpression, as the server runs it.
std::string run_condition(const ConditionCase& c) {
  if (auto r = validate_expression_attributes(ptr(c.names), ptr(c.values)); !r) {
    return r.error().message;
  }
  auto parsed = parse_condition(c.expr, ExprKind::ConditionExpression);
  if (!parsed) return parsed.error().message;
  Context ctx(ptr(c.names), ptr(c.values));
  auto cond = resolve_condition(**parsed, ExprKind::ConditionExpression, ctx);
  if (!cond) return cond.error().message;
  if (auto r = ctx.check_unused(); !r) return r.error().message;
  std::optional<Item> stored = c.item;
  if (stored) stored->emplace("pk", S("c"));
  return evaluate(*cond, ptr(stored)) ? "TRUE" : "FALSE";
}

// An UpdateItem with UpdateExpression (and ConditionExpression), ReturnValues ALL_NEW.
std::string run_update(const UpdateCase& c) {
  if (auto r = validate_expression_attributes(ptr(c.names), ptr(c.values)); !r) {
    return r.error().message;
  }
  Context ctx(ptr(c.names), ptr(c.values));
  auto parsed = parse_update(c.expr);
  if (!parsed) return parsed.error().message;
  auto update = resolve_update(**parsed, ctx);
  if (!update) return update.error().message;
  std::optional<Condition> cond;
  if (c.condition) {
    auto pc = parse_condition(c.condition, ExprKind::ConditionExpression);
    if (!pc) return pc.error().message;
    auto rc = resolve_condition(**pc, ExprKind::ConditionExpression, ctx);
    if (!rc) return rc.error().message;
    cond = std::move(*rc);
  }
  if (auto r = ctx.check_unused(); !r) return r.error().message;
  KeyNames key{"pk", ""};
  std::optional<Item> stored = c.item;
  if (stored) stored->emplace("pk", S("u"));
  if (cond && !evaluate(*cond, ptr(stored))) return "FALSE";
  Item item = stored ? *stored : Item{{"pk", S("u")}};
  auto result = apply_update(*update, item, key);
  if (!result) return result.error().message;
  if (!stored && !result->wrote) return "null";
  item.erase("pk");
  return render_item(item);
}

std::string run_projection(const ProjectionCase& c) {
  if (auto r = validate_expression_attributes(ptr(c.names), nullptr); !r) {
    return r.error().message;
  }
  auto parsed = parse_projection(c.expr);
  if (!parsed) return parsed.error().message;
  Context ctx(ptr(c.names), nullptr);
  auto projection = resolve_projection(**parsed, ctx);
  if (!projection) return projection.error().message;
  if (auto r = ctx.check_unused(); !r) return r.error().message;
  Item stored = *c.item;
  stored.emplace("pk", S("p"));
  return render_item(project(*projection, stored));
}

class OracleCondition : public ::testing::TestWithParam<std::size_t> {};
TEST_P(OracleCondition, MatchesDynamoDB) {
  const auto& c = condition_cases()[GetParam()];
  EXPECT_EQ(run_condition(c), c.expected) << "ConditionExpression: " << c.expr;
}
INSTANTIATE_TEST_SUITE_P(Cases, OracleCondition,
                         ::testing::Range<std::size_t>(0, condition_cases().size()));

class OracleUpdate : public ::testing::TestWithParam<std::size_t> {};
TEST_P(OracleUpdate, MatchesDynamoDB) {
  const auto& c = update_cases()[GetParam()];
  EXPECT_EQ(run_update(c), c.expected)
      << "UpdateExpression: " << c.expr << "  ConditionExpression: " << (c.condition ? c.condition : "");
}
INSTANTIATE_TEST_SUITE_P(Cases, OracleUpdate, ::testing::Range<std::size_t>(0, update_cases().size()));

class OracleProjection : public ::testing::TestWithParam<std::size_t> {};
TEST_P(OracleProjection, MatchesDynamoDB) {
  const auto& c = projection_cases()[GetParam()];
  EXPECT_EQ(run_projection(c), c.expected) << "ProjectionExpression: " << c.expr;
}
INSTANTIATE_TEST_SUITE_P(Cases, OracleProjection,
                         ::testing::Range<std::size_t>(0, projection_cases().size()));

}  // namespace
}  // namespace drydock::expr
