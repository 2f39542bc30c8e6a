// The expression parameters of a request and their legacy forms, read, checked for
// mixing, parsed and resolved against one per-request context (so the unused-placeholder
// check spans all of them), in DynamoDB's order.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "expr/evaluate.h"
#include "expr/key_condition.h"
#include "expr/resolved.h"
#include "expr/resolver.h"
#include "server/json.h"
#include "storage/table_info.h"

namespace drydock::server::actions {

// Which parameters an operation takes, for the mixing and "can only be specified when
// using expressions" checks.
enum class ExprOperation { PutItem, DeleteItem, UpdateItem, GetItem, Query, Scan };

class RequestExpressions {
 public:
  // Reads ExpressionAttributeNames/Values, checks them, and checks that expression and
  // legacy parameters are not mixed.
  static model::Result<RequestExpressions> read(const JsonValue& request, ExprOperation op);

  RequestExpressions(RequestExpressions&&) noexcept;
  RequestExpressions& operator=(RequestExpressions&&) noexcept;
  ~RequestExpressions();

  // Each returns nullopt when neither form of the parameter is present.
  // ConditionExpression, or Expected + ConditionalOperator.
  model::Result<std::optional<expr::Condition>> condition();
  // UpdateExpression, or AttributeUpdates.
  model::Result<std::optional<expr::Update>> update();
  // ProjectionExpression, or AttributesToGet.
  model::Result<std::optional<expr::Projection>> projection();
  // FilterExpression, or QueryFilter / ScanFilter (+ ConditionalOperator).
  model::Result<std::optional<expr::Condition>> filter();
  // KeyConditionExpression, or KeyConditions, against the schema queried.
  model::Result<std::optional<expr::KeyCondition>> key_condition(const storage::KeySchema& key);

  // After every expression has been resolved: unused names and values.
  model::Result<void> check_unused() const;

 private:
  struct State;
  RequestExpressions(const JsonValue& request, ExprOperation op, std::unique_ptr<State> state);
  const JsonValue* request_;
  ExprOperation op_;
  std::unique_ptr<State> state_;
};

expr::KeySchema to_expr_schema(const storage::KeySchema& key);

}  // namespace drydock::server::actions
