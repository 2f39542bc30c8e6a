// A Query's key condition in one form, whichever parameter it came from
// (KeyConditionExpression or the legacy KeyConditions), and its translation to a range scan.
#pragma once

#include <optional>

#include "model/attribute_value.h"
#include "server/json.h"
#include "storage/database.h"

namespace drydock::server::actions {

struct KeyCondition {
  enum class Op { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH };
  model::AttributeValue hash;
  std::optional<Op> sort_op;       // absent: the whole partition
  model::AttributeValue sort_a, sort_b;  // sort_b only for BETWEEN
};

// Reads the legacy KeyConditions parameter against a key schema, with DynamoDB's messages.
model::Result<KeyCondition> key_condition_from_legacy(const JsonValue& key_conditions,
                                                      const storage::KeySchema& key);

// Checks types and bounds and builds the stored range. `what` names the parameter in
// messages ("KeyConditionExpression" or "KeyConditions").
model::Result<storage::QueryRange> query_range(const KeyCondition& condition,
                                               const storage::KeySchema& key, bool forward);

}  // namespace drydock::server::actions
