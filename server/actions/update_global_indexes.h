// UpdateTable's GlobalSecondaryIndexUpdates: Create (with backfill), Delete and Update
// (throughput), validated as a whole before anything changes.
#pragma once

#include "server/action.h"
#include "storage/database.h"

namespace drydock::server::actions {

// Applies the updates and writes the TableDescription (UPDATING, with each touched index
// CREATING / DELETING / UPDATING as DynamoDB answers).
model::Result<void> update_global_indexes(ActionContext& ctx, storage::Table& table,
                                          const JsonValue& updates);

}  // namespace drydock::server::actions
