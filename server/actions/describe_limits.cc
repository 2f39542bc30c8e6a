// DescribeLimits: the account's and each table's throughput quotas (the API Reference's
// DescribeLimits; the figures are the default quotas, storage/throughput/account_limits.h).
// The request has no parameters; unknown members are ignored, as DynamoDB ignores them.
#include "server/actions/actions.h"
#include "storage/throughput/account_limits.h"

namespace drydock::server::actions {

model::Result<void> describe_limits(ActionContext& ctx) {
  const auto& limits = storage::throughput::kDefaultAccountLimits;
  ctx.out.Key("AccountMaxReadCapacityUnits");
  ctx.out.Int64(limits.account_max_read_capacity_units);
  ctx.out.Key("AccountMaxWriteCapacityUnits");
  ctx.out.Int64(limits.account_max_write_capacity_units);
  ctx.out.Key("TableMaxReadCapacityUnits");
  ctx.out.Int64(limits.table_max_read_capacity_units);
  ctx.out.Key("TableMaxWriteCapacityUnits");
  ctx.out.Int64(limits.table_max_write_capacity_units);
  return {};
}

}  // namespace drydock::server::actions
