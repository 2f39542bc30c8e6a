// Parameters the single-item operations share, read and validated the same way.
#pragma once

#include <optional>
#include <string_view>

#include "model/attribute_value.h"
#include "server/actions/common.h"
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

// Fails while a parameter that this build cannot honour yet is present, so that a request
// is never executed with part of its meaning silently dropped.
model::Result<void> reject_unsupported(const JsonValue& req,
                                       std::initializer_list<const char*> names);

}  // namespace drydock::server::actions
