// Key conditions of Query: KeyConditionExpression (and the legacy KeyConditions, legacy.h)
// reduced to what a range scan needs: the partition key value and at most one sort key
// condition.
#pragma once

#include <string>

#include "expr/ast.h"
#include "expr/resolved.h"
#include "expr/resolver.h"
#include "model/attribute_value.h"
#include "model/error.h"

namespace drydock::expr {

// The key schema the condition is checked against (the table's or the queried index's).
struct KeySchema {
  std::string hash;
  model::Type hash_type = model::Type::S;
  std::string range;  // empty: no sort key
  model::Type range_type = model::Type::S;
};

struct KeyCondition {
  enum class SortOp : std::uint8_t { None, EQ, LT, LE, GT, GE, Between, BeginsWith };
  model::AttributeValue hash_value;
  SortOp sort_op = SortOp::None;
  model::AttributeValue sort_value;  // EQ..GE and BeginsWith: the operand; Between: lower
  model::AttributeValue sort_upper;  // Between: upper bound
};

// Resolves a parsed KeyConditionExpression (parse_condition(text,
// ExprKind::KeyConditionExpression)) against `ctx` and checks its shape, with DynamoDB's
// messages, in this order: resolution errors ("Invalid KeyConditionExpression: ..."), then
// "Invalid operator used in KeyConditionExpression: OR" (also NOT, <>, IN and functions other
// than begins_with), "KeyConditionExpressions cannot contain nested operations", "Key
// attributes must be scalars; list random access '[]' and map lookup '.' are not allowed:
// Key: pk", "KeyConditionExpressions must only contain one condition per key", "Query key
// condition not supported" (a partition key not compared with =), "Query condition missed
// key schema element: pk", and finally the values: "One or more parameter values were
// invalid: Condition parameter type does not match schema type" and the empty-string key
// message.
model::Result<KeyCondition> resolve_key_condition(const ConditionExpr& expr, Context& ctx,
                                                  const KeySchema& schema);

// Builds the same from an already resolved condition (legacy KeyConditions use this too).
model::Result<KeyCondition> key_condition_from(const Condition& condition,
                                               const KeySchema& schema);

// Query's FilterExpression may not use key attributes: "Filter Expression can only contain
// non-primary key attributes: Primary key attribute: sk".
model::Result<void> check_filter_keys(const Condition& filter, const KeySchema& schema);

}  // namespace drydock::expr
