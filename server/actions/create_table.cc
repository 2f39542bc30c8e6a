// CreateTable: key schema, attribute definitions, billing, secondary index definitions,
// validated with DynamoDB's messages; the table is stored and described.
#include <algorithm>
#include <array>
#include <random>
#include <set>

#include "server/actions/actions.h"
#include "server/actions/common.h"
#include "server/actions/table_params.h"
#include "server/settings.h"
#include "server/validation.h"

namespace drydock::server::actions {
namespace {

using model::Result;

std::string new_table_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<int> hex(0, 15);
  std::string id = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx";
  for (char& c : id) {
    if (c == 'x' || c == 'y') {
      int v = hex(rng);
      if (c == 'y') v = (v & 3) | 8;
      c = "0123456789abcdef"[v];
    }
  }
  return id;
}

}  // namespace

Result<void> create_table(ActionContext& ctx) {
  auto params = read_table_definition(ctx.request);
  if (!params) return std::unexpected(params.error());
  if (auto v = validate_table_definition(*params); !v) return v;
  auto info = build_table_info(*params);
  if (!info) return std::unexpected(info.error());

  double now = now_seconds();
  info->id = new_table_id();
  info->arn = "arn:aws:dynamodb:" + std::string(ctx.region) + ":" + ctx.settings.account_id +
              ":table/" + info->name;
  info->creation_time = now;
  if (info->billing_mode == storage::BillingMode::PAY_PER_REQUEST) {
    info->billing_mode_changed = now;
  }
  // DynamoDB answers CreateTable with CREATING; drydock's table is usable at once and
  // reports ACTIVE from the next DescribeTable, or with -delayTransientStatuses stays
  // CREATING for a while (the storage sets that status).
  info->status = "ACTIVE";
  for (auto& gsi : info->global_indexes) gsi.status = "ACTIVE";

  auto table = ctx.db.create_table(std::move(*info));
  if (!table) return std::unexpected(table.error());
  ctx.out.Key("TableDescription");
  write_table_description(ctx.out, **table, "CREATING");
  return {};
}

}  // namespace drydock::server::actions
