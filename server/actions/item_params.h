// Parameters the single-item operations share, read and validated the same way.
#pragma once

#include <optional>
#include <string_view>

#include "expr/resolved.h"
#include "model/attribute_value.h"
#include "server/actions/common.h"
#include "server/actions/expressions.h"
#include "server/json.h"
#include "server/validation.h"

namespace drydock::server::actions {

struct ItemRequest {
  std::optional<std::string_view> table_name;
  std::optional<std::string_view> return_values;
  std::optional<std::string_view> return_consumed_capacity;
  std::optional<std::string_view> return_item_collection_metrics;
  CapacityDetail capacity = CapacityDetail::NONE;
};

// Reads TableName, ReturnValues, ReturnConsumedCapacity, ReturnItemCollectionMetrics and
// adds their constraint checks to v.
model::Result<ItemRequest> read_item_request(const JsonValue& req, Validation& v);

// ReturnValuesOnConditionCheckFailure: true for ALL_OLD.
model::Result<bool> read_return_on_condition_failure(const JsonValue& req);

// What PutItem and DeleteItem read before they write, checked in DynamoDB's order: the
// common members, then `member` ("Item" or "Key") present, ReturnValuesOnConditionCheck-
// Failure, the member's values, ReturnValues NONE or ALL_OLD, the condition and the unused
// expression names and values, and last the table.
struct PlainWriteRequest {
  ItemRequest common;
  model::Item values;  // the item, or the key
  bool return_old_on_failure = false;
  std::optional<RequestExpressions> expressions;  // the condition's source
  std::optional<expr::Condition> condition;
  storage::Table* table = nullptr;
};
model::Result<PlainWriteRequest> read_plain_write(ActionContext& ctx, const char* member,
                                                  ExprOperation op);

// ConditionalCheckFailedException (with the old item when asked) unless the condition
// holds for `old` (nullptr: no item). No condition always holds.
model::Result<void> check_condition(const std::optional<expr::Condition>& condition,
                                    const model::Item* old, bool return_old);

}  // namespace drydock::server::actions
