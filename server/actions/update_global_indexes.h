// UpdateTable's GlobalSecondaryIndexUpdates: Create (with backfill), Delete and Update
// (throughput), validated as a whole before anything changes.
#pragma once

#include "server/action.h"
#include "storage/database.h"

namespace drydock::server::actions {

// Applies the updates and writes the TableDescription (UPDATING, with each touched index
// CREATING / DELETING / UPDATING as DynamoDB answers). `settings`: the table's own new
// billing mode, throughput and deletion protection from the same request (already
// validated), applied with the index updates once those are valid too.
model::Result<void> update_global_indexes(ActionContext& ctx, storage::Table& table,
                                          const JsonValue& updates,
                                          const storage::TableInfo& settings);

}  // namespace drydock::server::actions
