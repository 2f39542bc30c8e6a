#include "server/admin.h"

#include <array>

namespace drydock::server {
namespace {

model::Result<void> set_gsi_lag(AdminContext& ctx) {
  auto lag = read_long(ctx.request, "LagMs");
  if (!lag) return std::unexpected(lag.error());
  if (!*lag || **lag < 0) {
    return model::fail_validation("LagMs must be a number of milliseconds, 0 or more");
  }
  ctx.engine.set_index_lag_ms(**lag);
  ctx.out.Key("LagMs");
  ctx.out.Int64(**lag);
  return {};
}

model::Result<void> wait_for_indexes(AdminContext& ctx) {
  auto r = ctx.engine.run_background(true);
  if (!r) return std::unexpected(r.error());
  ctx.out.Key("PendingUpdates");
  ctx.out.Int64(ctx.engine.pending_index_updates());
  return {};
}

model::Result<void> describe_index_propagation(AdminContext& ctx) {
  ctx.out.Key("LagMs");
  ctx.out.Int64(ctx.engine.index_lag_ms());
  ctx.out.Key("PendingUpdates");
  ctx.out.Int64(ctx.engine.pending_index_updates());
  return {};
}

struct AdminRow {
  std::string_view name;
  AdminFn fn;
};

constexpr std::array kAdmin = {
    AdminRow{"SetGsiLag", set_gsi_lag},
    AdminRow{"WaitForIndexes", wait_for_indexes},
    AdminRow{"DescribeIndexPropagation", describe_index_propagation},
};

}  // namespace

AdminFn find_admin_action(std::string_view name) {
  for (const auto& row : kAdmin) {
    if (row.name == name) return row.fn;
  }
  return nullptr;
}

}  // namespace drydock::server
