// UpdateTable's GlobalSecondaryIndexUpdates: Create (with backfill), Delete and Update
// (throughput), validated as a whole before anything changes.
#pragma once

#include <string>
#include <vector>

#include "server/action.h"
#include "storage/database.h"

namespace drydock::server::actions {

// Switching `info` to PROVISIONED: DynamoDB's error naming every GSI not among
// `given_throughput` (the indexes the request gives throughput or deletes), if any.
model::Result<void> check_gsi_throughput_given(const storage::TableInfo& info,
                                               const std::vector<std::string>& given_throughput);

// Applies the updates and writes the TableDescription (UPDATING, with each touched index
// CREATING / DELETING / UPDATING as DynamoDB answers). `settings`: the table's own new
// billing mode, throughput and deletion protection from the same request (already
// validated), applied with the index updates once those are valid too.
model::Result<void> update_global_indexes(ActionContext& ctx, storage::Table& table,
                                          const JsonValue& updates,
                                          const storage::TableInfo& settings);

}  // namespace drydock::server::actions
