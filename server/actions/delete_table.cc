// DeleteTable: answers with the table's last description in DELETING status. The table is
// gone from the next request on, or with -delayTransientStatuses reports DELETING for a while.
#include "server/actions/actions.h"
#include "server/actions/common.h"
#include "server/validation.h"

namespace drydock::server::actions {

model::Result<void> delete_table(ActionContext& ctx) {
  auto name = read_string(ctx.request, "TableName");
  if (!name) return std::unexpected(name.error());
  Validation v;
  v.name(*name, "TableName", "tableName");
  if (auto r = v.result(); !r) return r;
  storage::Table* table = ctx.db.find_table(**name);
  if (!table) {
    return model::fail(model::ErrorCode::ResourceNotFoundException,
                       "Requested resource not found: Table: " + std::string(**name) +
                           " not found");
  }
  if (auto busy = check_table_not_in_transition(*table); !busy) return busy;
  if (table->info().deletion_protection) {
    return model::fail_validation("Resource cannot be deleted as it is currently protected against "
                                  "deletion. Disable deletion protection first.");
  }
  ctx.out.Key("TableDescription");
  write_table_description(ctx.out, *table, "DELETING");
  return ctx.db.delete_table(**name);
}

}  // namespace drydock::server::actions
