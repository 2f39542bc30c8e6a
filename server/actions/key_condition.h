// A Query's key condition (from KeyConditionExpression or the legacy KeyConditions, see
// expressions.h) as a stored range scan.
#pragma once

#include "expr/key_condition.h"
#include "storage/database.h"

namespace drydock::server::actions {

// Checks the values' types and bounds and builds the stored range.
model::Result<storage::QueryRange> query_range(const expr::KeyCondition& condition,
                                               const storage::KeySchema& key, bool forward);

}  // namespace drydock::server::actions
