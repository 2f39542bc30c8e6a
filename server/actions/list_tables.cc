// ListTables: names in order, Limit (1..100, default 100), ExclusiveStartTableName,
// LastEvaluatedTableName when more remain.
#include <algorithm>

#include "server/actions/actions.h"
#include "server/validation.h"

namespace drydock::server::actions {

model::Result<void> list_tables(ActionContext& ctx) {
  auto start = read_string(ctx.request, "ExclusiveStartTableName");
  if (!start) return std::unexpected(start.error());
  auto limit = read_long(ctx.request, "Limit", "Integer");
  if (!limit) return std::unexpected(limit.error());
  Validation v;
  v.name(*start, "ExclusiveStartTableName", "exclusiveStartTableName", false);
  v.min_value(*limit, "limit", 1);
  v.max_value(*limit, "limit", 100);
  if (auto r = v.result(); !r) return r;

  auto names = ctx.db.table_names();
  auto it = names.begin();
  if (*start) it = std::upper_bound(names.begin(), names.end(), std::string(**start));
  std::size_t max = static_cast<std::size_t>(limit->value_or(100));
  std::size_t remaining = static_cast<std::size_t>(names.end() - it);
  std::size_t count = std::min(max, remaining);
  ctx.out.Key("TableNames");
  ctx.out.StartArray();
  for (std::size_t i = 0; i < count; ++i) write_string(ctx.out, it[i]);
  ctx.out.EndArray();
  if (count < remaining) {
    ctx.out.Key("LastEvaluatedTableName");
    write_string(ctx.out, it[count - 1]);
  }
  return {};
}

}  // namespace drydock::server::actions
