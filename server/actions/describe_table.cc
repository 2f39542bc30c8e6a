// DescribeTable.
#include "server/actions/actions.h"
#include "server/actions/common.h"
#include "server/validation.h"

namespace drydock::server::actions {

model::Result<void> describe_table(ActionContext& ctx) {
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
  ctx.out.Key("Table");
  write_table_description(ctx.out, *table);
  return {};
}

}  // namespace drydock::server::actions
