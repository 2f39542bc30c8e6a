// UpdateTable: provisioned throughput, billing mode, deletion protection, GSI changes.
// Answers with the description in UPDATING status; the change is in effect at once (the
// table's capacity buckets and partitions are reconfigured by the storage), and with
// -delayTransientStatuses the table reports UPDATING for a while.
#include <array>

#include "server/actions/actions.h"
#include "server/actions/common.h"
#include "server/actions/table_params.h"
#include "server/validation.h"

namespace drydock::server::actions {
namespace {

// GlobalSecondaryIndexUpdates: one Create, Delete or Update (throughput) per request, as
// DynamoDB allows one online index operation at a time.
model::Result<void> update_global_indexes(ActionContext& ctx, storage::Table& table,
                                          const JsonValue& updates) {
  if (updates.Size() == 0) {
    return model::fail_validation(
        "One or more parameter values were invalid: GlobalSecondaryIndexUpdates is empty");
  }
  if (updates.Size() > 1) {
    return model::fail(model::ErrorCode::LimitExceededException,
                       "Subscriber limit exceeded: Only 1 online index can be created or deleted "
                       "simultaneously per table");
  }
  const JsonValue& update = updates[0];
  if (auto r = expect_object(update); !r) return r;
  auto create = read_object(update, "Create");
  if (!create) return std::unexpected(create.error());
  auto del = read_object(update, "Delete");
  if (!del) return std::unexpected(del.error());
  auto change = read_object(update, "Update");
  if (!change) return std::unexpected(change.error());
  const auto& info = table.info();
  auto find = [&](std::string_view name) -> const storage::IndexInfo* {
    for (const auto* list : {&info.local_indexes, &info.global_indexes}) {
      for (const auto& i : *list) {
        if (i.name == name) return &i;
      }
    }
    return nullptr;
  };
  auto describe = [&]() {
    ctx.out.Key("TableDescription");
    write_table_description(ctx.out, table, "UPDATING");
  };

  if (*del) {
    auto name = read_string(**del, "IndexName");
    if (!name) return std::unexpected(name.error());
    Validation v;
    v.name(*name, "IndexName", "globalSecondaryIndexUpdates.1.member.delete.indexName");
    if (auto r = v.result(); !r) return r;
    const auto* index = find(**name);
    if (!index || !index->global) {
      return model::fail(model::ErrorCode::ResourceNotFoundException,
                         "Requested resource not found: Index: " + std::string(**name) +
                             " not found");
    }
    describe();
    if (auto r = ctx.db.delete_global_index(table, **name); !r) return r;
    return ctx.db.mark_updating(table);
  }
  if (*change) {
    auto name = read_string(**change, "IndexName");
    if (!name) return std::unexpected(name.error());
    auto throughput = read_throughput(**change, "ProvisionedThroughput");
    if (!throughput) return std::unexpected(throughput.error());
    if (!*name) {
      return model::fail_validation("The parameter 'IndexName' is required but was not present in "
                                    "the request");
    }
    const auto* index = find(**name);
    if (!index || !index->global) {
      return model::fail(model::ErrorCode::ResourceNotFoundException,
                         "Requested resource not found: Index: " + std::string(**name) +
                             " not found");
    }
    if (!*throughput || !(*throughput)->read || !(*throughput)->write) {
      return model::fail_validation(
          "One or more parameter values were invalid: ProvisionedThroughput must be specified "
          "for index: " + std::string(**name));
    }
    describe();
    storage::TableInfo next = info;
    for (auto& g : next.global_indexes) {
      if (g.name == **name) {
        g.throughput.read = *(*throughput)->read;
        g.throughput.write = *(*throughput)->write;
      }
    }
    if (auto r = ctx.db.update_table_info(table, std::move(next)); !r) return r;
    return ctx.db.mark_updating(table);
  }
  if (!*create) {
    return model::fail_validation(
        "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Create, "
        "Update or Delete must be specified");
  }
  auto index_param = read_index(**create);
  if (!index_param) return std::unexpected(index_param.error());
  // The new index's key attributes come from the request's AttributeDefinitions, checked
  // together with the table's own definitions by the CreateTable rules.
  auto def = read_table_definition(ctx.request);
  if (!def) return std::unexpected(def.error());
  TableDefinition whole;
  whole.table_name = info.name;
  std::vector<AttributeDefinitionParam> defs;
  for (const auto& d : info.attribute_definitions) {
    defs.push_back({d.name, std::string(model::type_name(d.type))});
  }
  if (def->attribute_definitions) {
    for (const auto& d : *def->attribute_definitions) {
      bool known = false;
      for (const auto& e : defs) known = known || e.name == d.name;
      if (!known) defs.push_back(d);
    }
  }
  whole.attribute_definitions = std::move(defs);
  std::vector<KeySchemaParam> key;
  key.push_back({info.key.hash.name, "HASH"});
  if (info.key.range) key.push_back({info.key.range->name, "RANGE"});
  whole.key_schema = key;
  whole.billing_mode = info.billing_mode == storage::BillingMode::PAY_PER_REQUEST
                           ? std::optional<std::string>("PAY_PER_REQUEST")
                           : std::optional<std::string>("PROVISIONED");
  if (info.billing_mode == storage::BillingMode::PROVISIONED) {
    whole.throughput = ThroughputParam{info.throughput.read, info.throughput.write};
  }
  std::vector<IndexParam> globals;
  for (const auto& g : info.global_indexes) {
    IndexParam p;
    p.name = g.name;
    std::vector<KeySchemaParam> k{{g.key.hash.name, "HASH"}};
    if (g.key.range) k.push_back({g.key.range->name, "RANGE"});
    p.key_schema = k;
    ProjectionParam proj;
    proj.type = g.projection.type == storage::ProjectionType::ALL         ? "ALL"
                : g.projection.type == storage::ProjectionType::KEYS_ONLY ? "KEYS_ONLY"
                                                                          : "INCLUDE";
    if (!g.projection.non_key_attributes.empty()) proj.non_key_attributes = g.projection.non_key_attributes;
    p.projection = proj;
    if (info.billing_mode == storage::BillingMode::PROVISIONED) {
      p.throughput = ThroughputParam{g.throughput.read, g.throughput.write};
    }
    globals.push_back(std::move(p));
  }
  if ((*index_param)->name && find(*(*index_param)->name)) {
    return model::fail_validation(
        "One or more parameter values were invalid: Index already exists: " + *(*index_param)->name);
  }
  globals.push_back(**index_param);
  whole.global_indexes = std::move(globals);
  std::vector<IndexParam> locals;
  for (const auto& l : info.local_indexes) {
    IndexParam p;
    p.name = l.name;
    std::vector<KeySchemaParam> k{{l.key.hash.name, "HASH"}};
    if (l.key.range) k.push_back({l.key.range->name, "RANGE"});
    p.key_schema = k;
    ProjectionParam proj;
    proj.type = l.projection.type == storage::ProjectionType::ALL         ? "ALL"
                : l.projection.type == storage::ProjectionType::KEYS_ONLY ? "KEYS_ONLY"
                                                                          : "INCLUDE";
    if (!l.projection.non_key_attributes.empty()) proj.non_key_attributes = l.projection.non_key_attributes;
    p.projection = proj;
    locals.push_back(std::move(p));
  }
  if (!locals.empty()) whole.local_indexes = std::move(locals);
  if (auto r = validate_table_definition(whole); !r) return r;
  auto built = build_table_info(whole);
  if (!built) return std::unexpected(built.error());
  storage::IndexInfo created = built->global_indexes.back();
  // Definitions the new index needs join the table's.
  storage::TableInfo next = info;
  next.attribute_definitions = built->attribute_definitions;
  if (auto r = ctx.db.update_table_info(table, std::move(next)); !r) return r;
  if (auto r = ctx.db.create_global_index(table, std::move(created)); !r) return r;
  describe();
  return ctx.db.mark_updating(table);
}

}  // namespace

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
  if (*gsi_updates) return update_global_indexes(ctx, *table, **gsi_updates);

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
    if (*throughput) {
      auto read = *(*throughput)->read;
      auto write = *(*throughput)->write;
      if (info.billing_mode == mode && read == info.throughput.read &&
          write == info.throughput.write && !*protection) {
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
  // DynamoDB answers with the table as it was, in UPDATING status; the new settings show
  // in the next DescribeTable.
  ctx.out.Key("TableDescription");
  write_table_description(ctx.out, *table, "UPDATING");
  if (auto r = ctx.db.update_table_info(*table, std::move(info)); !r) return r;
  return ctx.db.mark_updating(*table);
}

}  // namespace drydock::server::actions
