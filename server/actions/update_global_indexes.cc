#include "server/actions/update_global_indexes.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "server/actions/common.h"
#include "server/actions/table_params.h"
#include "server/validation.h"

namespace drydock::server::actions {
namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";
constexpr std::size_t kMaxGlobalIndexes = 20;

struct Entry {
  enum class Kind { Create, Delete, Update } kind;
  std::string name;
  const JsonValue* body;
  std::size_t position = 0;  // 1-based, as validation messages name it
};

const storage::IndexInfo* find_index(const storage::TableInfo& info, std::string_view name) {
  for (const auto* list : {&info.local_indexes, &info.global_indexes}) {
    for (const auto& i : *list) {
      if (i.name == name) return &i;
    }
  }
  return nullptr;
}

model::Result<std::vector<Entry>> read_entries(const JsonValue& updates) {
  std::vector<Entry> entries;
  // Index names are constraints, as in CreateTable, checked for every action at once.
  Validation names;
  for (const auto& update : updates.GetArray()) {
    if (auto r = expect_object(update); !r) return std::unexpected(r.error());
    std::vector<Entry> found;
    for (auto [field, member, kind] : {std::tuple{"Create", "create", Entry::Kind::Create},
                                       std::tuple{"Delete", "delete", Entry::Kind::Delete},
                                       std::tuple{"Update", "update", Entry::Kind::Update}}) {
      auto body = read_object(update, field);
      if (!body) return std::unexpected(body.error());
      if (!*body) continue;
      auto name = read_string(**body, "IndexName");
      if (!name) return std::unexpected(name.error());
      names.index_name(*name,
                       "globalSecondaryIndexUpdates." + std::to_string(entries.size() + 1) +
                           ".member." + member + ".indexName",
                       false);
      found.push_back({kind, std::string(name->value_or("")), *body});
    }
    if (found.empty()) {
      return model::fail_validation(
          std::string(kInvalid) +
          "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null");
    }
    if (found.size() > 1) {
      return model::fail_validation(
          std::string(kInvalid) +
          "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate "
          "object");
    }
    if (found.front().name.empty()) {
      return model::fail_validation(
          "The parameter 'IndexName' is required but was not present in the request");
    }
    found.front().position = entries.size() + 1;
    entries.push_back(found.front());
  }
  if (auto r = names.result(); !r) return std::unexpected(r.error());
  return entries;
}

model::Error not_found(const storage::TableInfo& info, const std::string& index) {
  return {model::ErrorCode::ResourceNotFoundException,
          "Requested resource not found: Index " + index + " for table " + info.name};
}

// The whole table definition with the new index added, checked by CreateTable's rules.
model::Result<storage::IndexInfo> plan_create(const ActionContext& ctx,
                                              const storage::TableInfo& info, const Entry& e,
                                              std::vector<storage::KeyElement>& definitions) {
  auto index = read_index(*e.body);
  if (!index) return std::unexpected(index.error());
  if (find_index(info, e.name)) {
    return model::fail_validation(std::string(kInvalid) + "Index already exists: " + e.name);
  }
  auto request = read_table_definition(ctx.request);
  if (!request) return std::unexpected(request.error());
  if (!request->attribute_definitions) {
    return model::fail_validation(std::string(kInvalid) +
                                  "AttributeDefinitions is not specified for index: " + e.name);
  }
  if (info.billing_mode == storage::BillingMode::PROVISIONED &&
      (!(*index)->throughput || !(*index)->throughput->read || !(*index)->throughput->write)) {
    return model::fail_validation(std::string(kInvalid) +
                                  "Both ReadCapacityUnits and WriteCapacityUnits must be "
                                  "specified for index: " + e.name);
  }
  // Definitions: the table's, plus those of the request that the new key uses. A key
  // attribute may not change type.
  std::set<std::string> key_names;
  if ((*index)->key_schema) {
    for (const auto& k : *(*index)->key_schema) {
      if (k.name) key_names.insert(*k.name);
    }
  }
  // Every key attribute of the new index is defined in the request itself, even one the
  // table defines already.
  {
    std::vector<std::string> missing, given;
    for (const auto& d : *request->attribute_definitions) {
      if (d.name) given.push_back(*d.name);
    }
    if ((*index)->key_schema) {
      for (const auto& k : *(*index)->key_schema) {
        if (k.name && std::find(given.begin(), given.end(), *k.name) == given.end()) {
          missing.push_back(*k.name);
        }
      }
    }
    if (!missing.empty()) {
      auto list = [](const std::vector<std::string>& names) {
        std::string out = "[";
        for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
        return out + "]";
      };
      return model::fail_validation(std::string(kInvalid) +
                                    "Some index key attributes are not defined in "
                                    "AttributeDefinitions. Keys: " + list(missing) +
                                    ", AttributeDefinitions: " + list(given));
    }
  }
  for (const auto& d : *request->attribute_definitions) {
    if (!d.name || !d.type) continue;
    auto type = key_attribute_type(*d.type);
    if (!type) continue;
    bool known = false;
    for (const auto& existing : definitions) {
      if (existing.name != *d.name) continue;
      known = true;
      if (existing.type != *type) {
        return model::fail_validation(
            std::string(kInvalid) + "Attribute " + *d.name +
            " is redefined with a different type: it is already defined as " +
            std::string(model::type_name(existing.type)));
      }
    }
    if (!known && key_names.contains(*d.name)) definitions.push_back({*d.name, *type});
  }
  // Validate the index like CreateTable would, as the only index of a minimal table
  // carrying the full definition list.
  TableDefinition whole;
  whole.table_name = info.name;
  std::vector<AttributeDefinitionParam> defs;
  for (const auto& d : definitions) defs.push_back({d.name, std::string(model::type_name(d.type))});
  whole.attribute_definitions = defs;
  std::vector<KeySchemaParam> key{{info.key.hash.name, "HASH"}};
  if (info.key.range) key.push_back({info.key.range->name, "RANGE"});
  whole.key_schema = key;
  if (info.billing_mode == storage::BillingMode::PAY_PER_REQUEST) {
    whole.billing_mode = "PAY_PER_REQUEST";
  } else {
    whole.throughput = ThroughputParam{1, 1};
  }
  whole.global_indexes = std::vector<IndexParam>{**index};
  if (auto r = validate_table_definition(whole); !r) return std::unexpected(r.error());
  // Definitions used by the table's other indexes are not "unused" here.
  auto built = build_table_info(whole, /*allow_unused_definitions=*/true);
  if (!built) return std::unexpected(built.error());
  return built->global_indexes.back();
}

}  // namespace

model::Result<void> check_gsi_throughput_given(const storage::TableInfo& info,
                                               const std::vector<std::string>& given_throughput) {
  std::string missing;
  for (const auto& g : info.global_indexes) {
    if (std::find(given_throughput.begin(), given_throughput.end(), g.name) !=
        given_throughput.end()) {
      continue;
    }
    missing += (missing.empty() ? "" : ", ") + g.name;
  }
  if (missing.empty()) return {};
  return model::fail_validation(std::string(kInvalid) +
                                "ProvisionedThroughput must be specified for index: " + missing);
}

model::Result<void> update_global_indexes(ActionContext& ctx, storage::Table& table,
                                          const JsonValue& updates,
                                          const storage::TableInfo& settings) {
  const storage::TableInfo& info = table.info();
  if (updates.Size() == 0) {
    return model::fail_validation(std::string(kInvalid) +
                                  "GlobalSecondaryIndexUpdates is empty");
  }
  auto entries = read_entries(updates);
  if (!entries) return std::unexpected(entries.error());

  std::set<std::string> seen;
  std::size_t online = 0;  // creates and deletes
  for (const auto& e : *entries) {
    if (!seen.insert(e.name).second) {
      return model::fail_validation(std::string(kInvalid) +
                                    "Only one global secondary index update per index is allowed "
                                    "simultaneously. Index: " + e.name);
    }
    if (e.kind != Entry::Kind::Update) ++online;
  }
  if (online > 1) {
    return model::fail(model::ErrorCode::LimitExceededException,
                       "Subscriber limit exceeded: Only 1 online index can be created or deleted "
                       "simultaneously per table");
  }

  // Switching to PROVISIONED: every GSI needs its throughput in this request.
  if (info.billing_mode == storage::BillingMode::PAY_PER_REQUEST &&
      settings.billing_mode == storage::BillingMode::PROVISIONED) {
    std::vector<std::string> given;
    for (const auto& e : *entries) {
      if (e.kind == Entry::Kind::Update || e.kind == Entry::Kind::Delete) given.push_back(e.name);
    }
    if (auto r = check_gsi_throughput_given(info, given); !r) return r;
  }

  // Check everything before changing anything.
  std::vector<storage::KeyElement> definitions = info.attribute_definitions;
  std::optional<storage::IndexInfo> created;
  std::map<std::string, std::string, std::less<>> shown;
  std::map<std::string, storage::Throughput, std::less<>> throughput;
  std::optional<std::string> deleted;
  for (const auto& e : *entries) {
    const storage::IndexInfo* index = find_index(info, e.name);
    switch (e.kind) {
      case Entry::Kind::Delete:
        if (!index) return std::unexpected(not_found(info, e.name));
        if (!index->global) {
          return model::fail_validation(std::string(kInvalid) +
                                        "Cannot delete an index that is not a "
                                        "GlobalSecondaryIndex: " + e.name);
        }
        deleted = e.name;
        shown[e.name] = "DELETING";
        break;
      case Entry::Kind::Update: {
        if (!index || !index->global) return std::unexpected(not_found(info, e.name));
        auto t = read_throughput(*e.body, "ProvisionedThroughput");
        if (!t) return std::unexpected(t.error());
        if (*t) {
          Validation v;
          std::string path = "globalSecondaryIndexUpdates." + std::to_string(e.position) +
                             ".member.update.provisionedThroughput.";
          v.min_value((*t)->read, path + "readCapacityUnits", 1);
          v.min_value((*t)->write, path + "writeCapacityUnits", 1);
          if (auto r = v.result(); !r) return std::unexpected(r.error());
        }
        if (!*t || !(*t)->read || !(*t)->write) {
          return model::fail_validation(std::string(kInvalid) +
                                        "Both ReadCapacityUnits and WriteCapacityUnits must be "
                                        "specified for index: " + e.name);
        }
        auto read = *(*t)->read;
        auto write = *(*t)->write;
        if (read == index->throughput.read && write == index->throughput.write) {
          return model::fail_validation(
              "The provisioned throughput for the index " + e.name +
              " will not change. The requested value equals the current value. Current "
              "ReadCapacityUnits provisioned for index " + e.name + ": " + std::to_string(read) +
              ". Requested ReadCapacityUnits: " + std::to_string(read) +
              ". Current WriteCapacityUnits provisioned for index " + e.name + ": " +
              std::to_string(write) + ". Requested WriteCapacityUnits: " + std::to_string(write) +
              ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to "
              "request higher limits.");
        }
        storage::Throughput next = index->throughput;
        next.read = read;
        next.write = write;
        throughput[e.name] = next;
        shown[e.name] = "UPDATING";
        break;
      }
      case Entry::Kind::Create: {
        if (info.global_indexes.size() + 1 > kMaxGlobalIndexes) {
          return model::fail(model::ErrorCode::LimitExceededException,
                             "Subscriber limit exceeded: Number of global secondary indexes "
                             "exceeds per-table limit of 20");
        }
        auto planned = plan_create(ctx, info, e, definitions);
        if (!planned) return std::unexpected(planned.error());
        created = std::move(*planned);
        shown[e.name] = "CREATING";
        break;
      }
    }
  }

  // The table's own settings first (a new index is planned for its billing mode).
  {
    storage::TableInfo next = table.info();
    next.billing_mode = settings.billing_mode;
    next.billing_mode_changed = settings.billing_mode_changed;
    next.throughput = settings.throughput;
    next.deletion_protection = settings.deletion_protection;
    if (next.billing_mode == storage::BillingMode::PAY_PER_REQUEST) {
      for (auto& g : next.global_indexes) g.throughput = {};
    }
    if (auto r = ctx.db.update_table_info(table, std::move(next)); !r) return r;
  }
  // A new index joins at once; the answer shows it CREATING, and the other touched indexes
  // as they were (old throughput, not yet deleted) in transition.
  if (created) {
    storage::TableInfo next = table.info();
    next.attribute_definitions = definitions;
    if (auto r = ctx.db.update_table_info(table, std::move(next)); !r) return r;
    if (auto r = ctx.db.create_global_index(table, std::move(*created)); !r) return r;
  }
  ctx.out.Key("TableDescription");
  write_table_description(ctx.out, table, "UPDATING", &shown);

  if (!throughput.empty()) {
    storage::TableInfo next = table.info();
    for (auto& g : next.global_indexes) {
      if (auto it = throughput.find(g.name); it != throughput.end()) g.throughput = it->second;
    }
    if (auto r = ctx.db.update_table_info(table, std::move(next)); !r) return r;
  }
  if (deleted) {
    if (auto r = ctx.db.delete_global_index(table, *deleted); !r) return r;
    // Definitions only the deleted index used go with it.
    storage::TableInfo next = table.info();
    std::erase_if(next.attribute_definitions, [&](const storage::KeyElement& d) {
      auto uses = [&](const storage::KeySchema& k) {
        return k.hash.name == d.name || (k.range && k.range->name == d.name);
      };
      if (uses(next.key)) return false;
      for (const auto* list : {&next.local_indexes, &next.global_indexes}) {
        for (const auto& i : *list) {
          if (uses(i.key)) return false;
        }
      }
      return true;
    });
    if (auto r = ctx.db.update_table_info(table, std::move(next)); !r) return r;
  }
  // With -delayTransientStatuses the table reports UPDATING for a while (a new index stays
  // CREATING at least as long).
  return ctx.db.mark_updating(table);
}

}  // namespace drydock::server::actions
