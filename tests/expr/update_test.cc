// Update application and ReturnValues shapes pinned by hand: behaviours where DynamoDB Local
// differs from DynamoDB (so they cannot come from the oracle) and API contracts.
#include <gtest/gtest.h>

#include "expr/evaluate.h"
#include "expr/parser.h"
#include "expr/resolver.h"
#include "tests/expr/test_values.h"

namespace drydock::expr {
namespace {

using namespace testing;  // NOLINT

const KeyNames kKey{"p", ""};

Update resolved_update(std::string_view text, const Values& values) {
  auto parsed = parse_update(text);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
  Context ctx(nullptr, values.empty() ? nullptr : &values);
  auto u = resolve_update(**parsed, ctx);
  EXPECT_TRUE(u) << (u ? "" : u.error().message);
  return *u;
}

// DynamoDB: UPDATED_OLD / UPDATED_NEW return only the updated paths, nested in their
// hierarchy, not whole top-level attributes (DynamoDB Local returns whole attributes).
TEST(UpdatedValues, NestedPathsOnly) {
  Item item{{"p", S("k")},
            {"a", M({{"b", S("dog")}, {"c", L({N("1"), N("2"), N("3")})}})},
            {"d", S("cat")}};
  Item old = item;
  auto update = resolved_update("SET a.c[1] = :v, a.b = :w", {{":v", N("8")}, {":w", S("yo")}});
  auto r = apply_update(update, item, kKey);
  ASSERT_TRUE(r);
  EXPECT_EQ(render_item(project_paths(r->paths, old)), "{a:{b:S\"dog\",c:[N2]}}");
  EXPECT_EQ(render_item(project_paths(r->paths, item)), "{a:{b:S\"yo\",c:[N8]}}");
}

TEST(UpdatedValues, RemovedAndNewAttributes) {
  Item item{{"p", S("k")}, {"a", S("hi")}, {"b", S("dog")}};
  Item old = item;
  auto update = resolved_update("SET c = :v REMOVE b", {{":v", S("x")}});
  auto r = apply_update(update, item, kKey);
  ASSERT_TRUE(r);
  EXPECT_EQ(render_item(project_paths(r->paths, old)), "{b:S\"dog\"}");
  EXPECT_EQ(render_item(project_paths(r->paths, item)), "{c:S\"x\"}");
  EXPECT_TRUE(r->wrote);
}

// DynamoDB does not create an absent item for an update that only removes or deletes;
// DynamoDB Local does. The server decides with UpdateResult::wrote.
TEST(AbsentItem, NotCreatedByRemoveOrDelete) {
  for (auto [text, values] : std::vector<std::pair<std::string, Values>>{
           {"REMOVE a", {}}, {"DELETE a :s", {{":s", SS({"x"})}}}, {"REMOVE a, b.c", {}}}) {
    Item item{{"p", S("k")}};
    if (text == "REMOVE a, b.c") continue;  // a missing parent is an error, checked below
    auto r = apply_update(resolved_update(text, values), item, kKey);
    ASSERT_TRUE(r) << text;
    EXPECT_FALSE(r->wrote) << text;
    EXPECT_EQ(render_item(item), "{p:S\"k\"}");
  }
  Item item{{"p", S("k")}};
  auto r = apply_update(resolved_update("ADD a :n", {{":n", N("1")}}), item, kKey);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->wrote);
}

TEST(ApplyUpdate, FailureLeavesItemUnchanged) {
  Item item{{"p", S("k")}, {"a", N("1")}, {"s", S("x")}};
  Item before = item;
  auto r = apply_update(resolved_update("SET a = :v, b = s + :v", {{":v", N("2")}}), item, kKey);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(item, before);
  r = apply_update(resolved_update("SET a = :v REMOVE m.x.y", {{":v", N("2")}}), item, kKey);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "The document path provided in the update expression is invalid for update");
  EXPECT_EQ(item, before);
}

TEST(ApplyUpdate, KeyAttributes) {
  Item item{{"p", S("k")}, {"r", N("1")}};
  KeyNames key{"p", "r"};
  for (std::string text : {"SET r = :v", "REMOVE r", "ADD r :v", "SET r.x = :v"}) {
    auto r = apply_update(resolved_update(text, {{":v", N("2")}}), item, key);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().message,
              "One or more parameter values were invalid: Cannot update attribute r. This "
              "attribute is part of the key");
  }
  EXPECT_TRUE(check_key_update(resolved_update("SET q = :v", {{":v", N("2")}}), key));
}

TEST(ApplyUpdate, DocumentPathsIntoIndexKeys) {
  KeyNames key{"p", "", {"l", "g"}};  // an LSI's key l, then a GSI's key g
  auto error = [&](const std::string& text) {
    auto r = check_key_update(resolved_update(text, {{":v", N("2")}}), key);
    return r ? std::string("ok") : r.error().message;
  };
  const std::string prefix =
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
      "allowed: IndexKey: ";
  EXPECT_EQ(error("SET g.x = :v"), prefix + "g");
  EXPECT_EQ(error("REMOVE l[0]"), prefix + "l");
  EXPECT_EQ(error("SET a = if_not_exists(g.x, :v)"), prefix + "g");
  EXPECT_EQ(error("SET g.x = :v, l.y = :v"), prefix + "l");  // index order, not written order
  EXPECT_EQ(error("SET g.x = :v, p = :v"),
            "One or more parameter values were invalid: Cannot update attribute p. This "
            "attribute is part of the key");
  EXPECT_EQ(error("SET g = :v, a.b = l"), "ok");  // whole index keys may be set and read
}

TEST(ApplyUpdate, EmptiedSetIsRemovedAndAppendsKeepIndexOrder) {
  Item item{{"p", S("k")}, {"s", NS({"1", "2"})}, {"l", L({N("0")})}};
  auto r = apply_update(resolved_update("DELETE s :d SET l[7] = :b, l[3] = :a",
                                        {{":d", NS({"2", "1.0"})}, {":a", S("a")}, {":b", S("b")}}),
                        item, kKey);
  ASSERT_TRUE(r);
  EXPECT_EQ(render_item(item), "{l:[N0,S\"a\",S\"b\"],p:S\"k\"}");
}

TEST(ApplyUpdate, ArithmeticIsExact) {
  Item item{{"p", S("k")}, {"n", N("0.1")}};
  auto r = apply_update(resolved_update("SET n = n + :a, m = :b - :c",
                                        {{":a", N("0.2")}, {":b", N("1E-130")}, {":c", N("1")}}),
                        item, kKey);
  ASSERT_FALSE(r);  // 1E-130 - 1 needs 131 digits
  EXPECT_EQ(r.error().message, "Number overflow. Attempting to store a number with magnitude larger than supported range");
  r = apply_update(resolved_update("SET n = n + :a", {{":a", N("0.2")}}), item, kKey);
  ASSERT_TRUE(r);
  EXPECT_EQ(render_item(item), "{n:N0.3,p:S\"k\"}");
}

TEST(Project, ListElementsCompactInIndexOrder) {
  Item item{{"l", L({N("0"), M({{"x", N("1")}, {"y", N("2")}}), N("2")})}, {"a", N("1")}};
  Projection p{{Path{{PathElement::key("l"), PathElement::at(2)}},
                Path{{PathElement::key("l"), PathElement::at(1), PathElement::key("y")}},
                Path{{PathElement::key("nope")}}}};
  EXPECT_EQ(render_item(project(p, item)), "{l:[{y:N2},N2]}");
}

}  // namespace
}  // namespace drydock::expr
