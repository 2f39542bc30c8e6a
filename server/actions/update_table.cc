// UpdateTable: provisioned throughput, billing mode, deletion protection, GSI changes.
// Answers with the description in UPDATING status; the change is in effect at once (the
// table's capacity buckets and partitions are reconfigured by the storage), and with
// -delayTransientStatuses the table reports UPDATING for a while.
#include <array>

#include "server/actions/actions.h"
#include "server/actions/common.h"
#include "server/actions/table_params.h"
#include "server/actions/update_global_indexes.h"
#include "server/validation.h"

namespace drydock::server::actions {

model::Result<void> update_table(ActionContext& ctx) {
  const JsonValue& req = ctx.request;
  auto name = read_string(req, "TableName");
  if (!name) return std::unexpected(name.error());
  auto billing = read_string(req, "BillingMode");
  if (!billing) return std::unexpected(billing.error());
  auto throughput = read_throughput(req, "ProvisionedThroughput");
  if (!throughput) return std::unexpected(throughput.error());
  auto protection = read_bool(req, "DeletionProtectionEnabled");
  if (!protection) return std::unexpected(protection.error());
  auto gsi_updates = read_array(req, "GlobalSecondaryIndexUpdates");
  if (!gsi_updates) return std::unexpected(gsi_updates.error());

  Validation v;
  v.name(*name, "TableName", "tableName");
  static constexpr std::array<std::string_view, 2> kModes = {"PROVISIONED", "PAY_PER_REQUEST"};
  v.enum_value(*billing, "billingMode", kModes, "[PROVISIONED, PAY_PER_REQUEST]");
  if (*throughput) {
    v.not_null((*throughput)->write.has_value(), "provisionedThroughput.writeCapacityUnits");
    v.min_value((*throughput)->write, "provisionedThroughput.writeCapacityUnits", 1);
    v.not_null((*throughput)->read.has_value(), "provisionedThroughput.readCapacityUnits");
    v.min_value((*throughput)->read, "provisionedThroughput.readCapacityUnits", 1);
  }
  if (auto r = v.result(); !r) return r;

  storage::Table* table = ctx.db.find_table(**name);
  if (!table) {
    return model::fail(model::ErrorCode::ResourceNotFoundException,
                       "Requested resource not found: Table: " + std::string(**name) +
                           " not found");
  }
  if (auto busy = check_table_not_in_transition(*table); !busy) return busy;
  if (!*billing && !*throughput && !*protection && !*gsi_updates) {
    return model::fail_validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  }
  storage::TableInfo info = table->info();
  double now = now_seconds();
  auto mode = info.billing_mode;
  if (*billing) {
    mode = **billing == "PAY_PER_REQUEST" ? storage::BillingMode::PAY_PER_REQUEST
                                          : storage::BillingMode::PROVISIONED;
  }
  if (mode == storage::BillingMode::PAY_PER_REQUEST) {
    if (*throughput) {
      return model::fail_validation(
          "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
          "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    if (info.billing_mode != mode) {
      info.billing_mode = mode;
      info.billing_mode_changed = now;
      info.throughput.read = 0;
      info.throughput.write = 0;
      for (auto& gsi : info.global_indexes) gsi.throughput = {};
    }
  } else {
    if (info.billing_mode != mode && !*throughput) {
      return model::fail_validation(
          "One or more parameter values were invalid: ProvisionedThroughput must be specified "
          "when BillingMode is PROVISIONED");
    }
    if (info.billing_mode != mode && !*gsi_updates) {
      // Each GSI needs its own throughput (with GlobalSecondaryIndexUpdates, checked there).
      if (auto r = check_gsi_throughput_given(info, {}); !r) return r;
    }
    if (*throughput) {
      auto read = *(*throughput)->read;
      auto write = *(*throughput)->write;
      if (info.billing_mode == mode && read == info.throughput.read &&
          write == info.throughput.write && !*protection && !*gsi_updates) {
        return model::fail_validation(
            "The provisioned throughput for the table will not change. The requested value equals "
            "the current value. Current ReadCapacityUnits provisioned for the table: " +
            std::to_string(read) + ". Requested ReadCapacityUnits: " + std::to_string(read) +
            ". Current WriteCapacityUnits provisioned for the table: " + std::to_string(write) +
            ". Requested WriteCapacityUnits: " + std::to_string(write) +
            ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
            "higher limits.");
      }
      if (read > info.throughput.read || write > info.throughput.write) {
        info.throughput.last_increase = now;
      }
      if (read < info.throughput.read || write < info.throughput.write) {
        info.throughput.last_decrease = now;
        ++info.throughput.decreases_today;
      }
      info.throughput.read = read;
      info.throughput.write = write;
    }
    if (info.billing_mode != mode) info.billing_mode_changed = now;
    info.billing_mode = mode;
  }
  if (*protection) info.deletion_protection = **protection;
  if (*gsi_updates) return update_global_indexes(ctx, *table, **gsi_updates, info);
  // DynamoDB answers with the table as it was, in UPDATING status; the new settings show
  // in the next DescribeTable.
  ctx.out.Key("TableDescription");
  write_table_description(ctx.out, *table, "UPDATING");
  if (auto r = ctx.db.update_table_info(*table, std::move(info)); !r) return r;
  return ctx.db.mark_updating(*table);
}

}  // namespace drydock::server::actions
