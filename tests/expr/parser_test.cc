#include <gtest/gtest.h>
#include "expr/parser.h"
TEST(Parser, Smoke) { EXPECT_TRUE(drydock::expr::parse_condition("a = :v", drydock::expr::ExprKind::ConditionExpression)); }
