// Golden syntax trees: precedence, parentheses, paths, update clauses.
#include <gtest/gtest.h>

#include "expr/parser.h"

namespace drydock::expr {
namespace {

std::string condition(std::string_view text) {
  auto r = parse_condition(text, ExprKind::FilterExpression);
  return r ? to_string(**r) : "error: " + r.error().message;
}
std::string update(std::string_view text) {
  auto r = parse_update(text);
  return r ? to_string(**r) : "error: " + r.error().message;
}
std::string projection(std::string_view text) {
  auto r = parse_projection(text);
  return r ? to_string(**r) : "error: " + r.error().message;
}

struct Golden {
  const char* text;
  const char* tree;
};

class ConditionGolden : public ::testing::TestWithParam<Golden> {};
TEST_P(ConditionGolden, Tree) { EXPECT_EQ(condition(GetParam().text), GetParam().tree); }
INSTANTIATE_TEST_SUITE_P(
    Cases, ConditionGolden,
    ::testing::Values(
        Golden{"a = :v", "(= a :v)"},
        Golden{"a <> :v", "(<> a :v)"},
        Golden{"a<:v", "(< a :v)"},
        Golden{"a <= :v AND b >= :w", "(AND (<= a :v) (>= b :w))"},
        Golden{"a = :v OR b = :v AND c = :v", "(OR (= a :v) (AND (= b :v) (= c :v)))"},
        Golden{"(a = :v OR b = :v) AND c = :v", "(AND (OR (= a :v) (= b :v)) (= c :v))"},
        Golden{"NOT a = :v AND b = :v", "(AND (NOT (= a :v)) (= b :v))"},
        Golden{"NOT NOT a = :v", "(NOT (NOT (= a :v)))"},
        Golden{"a = :v OR b = :v OR c = :v", "(OR (OR (= a :v) (= b :v)) (= c :v))"},
        Golden{"a BETWEEN :lo AND :hi AND b = :v", "(AND (BETWEEN a :lo :hi) (= b :v))"},
        Golden{"a IN (:x, b.c, size(d))", "(IN a :x b.c (size d))"},
        Golden{"attribute_exists(#n.x[3])", "(attribute_exists #n.x[3])"},
        Golden{"begins_with(a, :p) OR contains(b, :q)",
               "(OR (begins_with a :p) (contains b :q))"},
        Golden{"size(a.b[0][1]) > :n", "(> (size a.b[0][1]) :n)"},
        Golden{"(a) = (:v)", "(= a :v)"},
        Golden{"(size(a)) = :v", "(= (size a) :v)"},
        Golden{"a = :v and b = :v or not c = :v", "(OR (AND (= a :v) (= b :v)) (NOT (= c :v)))"},
        Golden{"attribute_type(a, :t)", "(attribute_type a :t)"},
        Golden{"#a.#b = :c", "(= #a.#b :c)"},
        Golden{"a[0] = :v", "(= a[0] :v)"}));

class UpdateGolden : public ::testing::TestWithParam<Golden> {};
TEST_P(UpdateGolden, Tree) { EXPECT_EQ(update(GetParam().text), GetParam().tree); }
INSTANTIATE_TEST_SUITE_P(
    Cases, UpdateGolden,
    ::testing::Values(
        Golden{"SET a = :v", "SET a = :v"},
        Golden{"SET a = a + :v, b = :w - c", "SET a = (+ a :v); SET b = (- :w c)"},
        Golden{"SET a = (a + :v)", "SET a = (+ a :v)"},
        Golden{"SET a = if_not_exists(a, :z) + :one",
               "SET a = (+ (if_not_exists a :z) :one)"},
        Golden{"SET l = list_append(if_not_exists(l, :e), :new)",
               "SET l = (list_append (if_not_exists l :e) :new)"},
        Golden{"REMOVE a, b[1] SET c = :v", "REMOVE a; REMOVE b[1]; SET c = :v"},
        Golden{"ADD n :one, s :set DELETE t :s", "ADD n :one; ADD s :set; DELETE t :s"},
        Golden{"set a = :v remove b add c :n delete d :s",
               "SET a = :v; REMOVE b; ADD c :n; DELETE d :s"}));

TEST(ProjectionGolden, Paths) {
  EXPECT_EQ(projection("a, b.c, #d[2].e"), "a, b.c, #d[2].e");
  EXPECT_EQ(projection("a,b"), "a, b");
}

TEST(Parser, KindNamesTheParameter) {
  auto r = parse_condition("a =", ExprKind::KeyConditionExpression);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
  r = parse_condition("a =", ExprKind::FilterExpression);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, model::ErrorCode::ValidationException);
  EXPECT_EQ(r.error().message, "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
}

TEST(Parser, SizeLimitPerKind) {
  std::string big(4097, 'a');
  EXPECT_EQ(parse_update(big).error().message,
            "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;");
  EXPECT_EQ(parse_projection(big).error().message,
            "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;");
  EXPECT_EQ(parse_condition(big, ExprKind::FilterExpression).error().message,
            "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 4097");
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string deep = std::string(3000, '(') + "a = :v" + std::string(3000, ')');
  EXPECT_FALSE(parse_condition(deep.substr(0, 4000), ExprKind::ConditionExpression));
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "NOT ";
  EXPECT_EQ(parse_condition(nots + "a = :v", ExprKind::ConditionExpression).error().message,
            "Invalid ConditionExpression: The expression contains too many operators; operator "
            "count: 301");
  std::string sizes;
  for (int i = 0; i < 600; ++i) sizes += "size(";
  EXPECT_FALSE(parse_condition(sizes + "a" + std::string(600, ')') + " = :v",
                               ExprKind::ConditionExpression));
}

}  // namespace
}  // namespace drydock::expr
