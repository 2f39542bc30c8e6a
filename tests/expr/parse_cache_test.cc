// Pins the parse cache: a repeated expression is parsed once, kinds are kept apart, errors
// are returned every time and not cached, and a full cache starts over.
#include "expr/parse_cache.h"

#include <gtest/gtest.h>

namespace drydock::expr {
namespace {

TEST(ParseCache, RepeatedTextSharesOneTree) {
  ParseCache cache;
  auto a = cache.condition("a = :v", ExprKind::ConditionExpression);
  auto b = cache.condition("a = :v", ExprKind::ConditionExpression);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->get(), b->get());
  auto filter = cache.condition("a = :v", ExprKind::FilterExpression);
  ASSERT_TRUE(filter);
  EXPECT_NE(a->get(), filter->get());
  auto u1 = cache.update("SET a = :v");
  auto u2 = cache.update("SET a = :v");
  ASSERT_TRUE(u1 && u2);
  EXPECT_EQ(u1->get(), u2->get());
}

TEST(ParseCache, ErrorsAreNotCached) {
  ParseCache cache;
  auto first = cache.condition("a = ", ExprKind::ConditionExpression);
  auto second = cache.condition("a = ", ExprKind::ConditionExpression);
  ASSERT_FALSE(first);
  ASSERT_FALSE(second);
  EXPECT_EQ(first.error().message, second.error().message);
  auto p = cache.projection("a,,b");
  EXPECT_FALSE(p);
}

TEST(ParseCache, FullCacheStartsOver) {
  ParseCache cache(2);
  auto a = cache.projection("a");
  ASSERT_TRUE(cache.projection("b"));
  ASSERT_TRUE(cache.projection("c"));  // clears, then holds c
  auto again = cache.projection("a");
  ASSERT_TRUE(a && again);
  EXPECT_NE(a->get(), again->get());
  EXPECT_EQ(to_string(**a), to_string(**again));
}

}  // namespace
}  // namespace drydock::expr
