#include "server/admin.h"

#include <array>

#include "server/validation.h"

namespace drydock::server {
namespace {

namespace tp = storage::throughput;

// The table named by the request's TableName, in the request's namespace.
model::Result<storage::Table*> admin_table(AdminContext& ctx, std::string_view& name) {
  auto table_name = read_string(ctx.request, "TableName");
  if (!table_name) return std::unexpected(table_name.error());
  Validation v;
  v.name(*table_name, "TableName", "tableName");
  if (auto r = v.result(); !r) return std::unexpected(r.error());
  name = **table_name;
  auto db = ctx.engine.database(ctx.namespace_file);
  if (!db) return std::unexpected(db.error());
  storage::Table* table = (*db)->find_table(name);
  if (!table) {
    return model::fail(model::ErrorCode::ResourceNotFoundException,
                       "Requested resource not found: Table: " + std::string(name) + " not found");
  }
  return table;
}

void write_partition(JsonWriter& w, const tp::PartitionState& p) {
  w.StartObject();
  w.Key("Index");
  w.Int(p.index);
  w.Key("HashBegin");
  w.Int64(p.hash_begin);
  w.Key("HashEnd");
  w.Int64(p.hash_end);
  w.Key("SizeBytes");
  w.Int64(p.bytes);
  w.Key("ReadCapacityUnitsPerSecond");
  w.Double(p.read_units_per_second);
  w.Key("WriteCapacityUnitsPerSecond");
  w.Double(p.write_units_per_second);
  w.Key("ReadLevel");
  w.Double(p.read_level);
  w.Key("WriteLevel");
  w.Double(p.write_level);
  w.Key("ConsumedReadCapacityUnits");
  w.Double(p.consumed_read);
  w.Key("ConsumedWriteCapacityUnits");
  w.Double(p.consumed_write);
  w.Key("ThrottledReads");
  w.Int64(p.throttled_reads);
  w.Key("ThrottledWrites");
  w.Int64(p.throttled_writes);
  w.EndObject();
}

void write_resource(JsonWriter& w, const tp::ResourceState& r) {
  w.StartObject();
  if (r.index) {
    w.Key("IndexName");
    write_string(w, r.name);
  }
  w.Key("OnDemand");
  w.Bool(r.on_demand);
  w.Key("ReadCapacityUnitsPerSecond");
  w.Double(r.read_units_per_second);
  w.Key("WriteCapacityUnitsPerSecond");
  w.Double(r.write_units_per_second);
  w.Key("ReadBurstCapacity");
  w.Double(r.read_capacity);
  w.Key("WriteBurstCapacity");
  w.Double(r.write_capacity);
  w.Key("ReadLevel");
  w.Double(r.read_level);
  w.Key("WriteLevel");
  w.Double(r.write_level);
  w.Key("ConsumedReadCapacityUnits");
  w.Double(r.consumed_read);
  w.Key("ConsumedWriteCapacityUnits");
  w.Double(r.consumed_write);
  w.Key("ThrottledReads");
  w.Int64(r.throttled_reads);
  w.Key("ThrottledWrites");
  w.Int64(r.throttled_writes);
  w.Key("PartitionCount");
  w.Int64(static_cast<std::int64_t>(r.partitions.size()));
  w.Key("Partitions");
  w.StartArray();
  for (const auto& p : r.partitions) write_partition(w, p);
  w.EndArray();
  w.EndObject();
}

model::Result<void> describe_partitions(AdminContext& ctx) {
  std::string_view name;
  auto table = admin_table(ctx, name);
  if (!table) return std::unexpected(table.error());
  auto state = (*table)->throughput().state();
  ctx.out.Key("TableName");
  write_string(ctx.out, name);
  ctx.out.Key("BillingMode");
  ctx.out.String((*table)->info().billing_mode == storage::BillingMode::PAY_PER_REQUEST
                     ? "PAY_PER_REQUEST"
                     : "PROVISIONED");
  ctx.out.Key("Enforcing");
  ctx.out.Bool(state.enforcing);
  ctx.out.Key("ClockMicros");
  ctx.out.Int64(ctx.engine.throughput_clock().now());
  ctx.out.Key("Table");
  write_resource(ctx.out, state.table);
  ctx.out.Key("GlobalSecondaryIndexes");
  ctx.out.StartArray();
  for (const auto& g : state.global_indexes) write_resource(ctx.out, g);
  ctx.out.EndArray();
  return {};
}

model::Result<void> set_throughput_enforcement(AdminContext& ctx) {
  auto enforce = read_bool(ctx.request, "Enforce");
  if (!enforce) return std::unexpected(enforce.error());
  if (!*enforce) return model::fail_validation("Enforce must be true or false");
  std::string_view name;
  auto table = admin_table(ctx, name);
  if (!table) return std::unexpected(table.error());
  (*table)->throughput().set_enforcing(**enforce);
  ctx.out.Key("TableName");
  write_string(ctx.out, name);
  ctx.out.Key("Enforcing");
  ctx.out.Bool(**enforce);
  return {};
}

model::Result<void> advance_clock(AdminContext& ctx) {
  if (!ctx.engine.manual_clock()) {
    return model::fail_validation("AdvanceClock needs a server started with --clock=manual");
  }
  auto it = ctx.request.FindMember("Milliseconds");
  if (it == ctx.request.MemberEnd() || !it->value.IsNumber() || it->value.GetDouble() < 0) {
    return model::fail_validation("Milliseconds must be a number of milliseconds, 0 or more");
  }
  ctx.engine.advance_clock(static_cast<tp::Micros>(it->value.GetDouble() * 1000.0));
  ctx.out.Key("ClockMicros");
  ctx.out.Int64(ctx.engine.throughput_clock().now());
  return {};
}

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
    AdminRow{"DescribePartitions", describe_partitions},
    AdminRow{"SetThroughputEnforcement", set_throughput_enforcement},
    AdminRow{"AdvanceClock", advance_clock},
};

}  // namespace

AdminFn find_admin_action(std::string_view name) {
  for (const auto& row : kAdmin) {
    if (row.name == name) return row.fn;
  }
  return nullptr;
}

}  // namespace drydock::server
