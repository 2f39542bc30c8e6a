#include "server/actions/common.h"

#include "model/item_size.h"

namespace drydock::server::actions {
namespace {

using model::AttributeValue;
using model::Type;

std::string_view projection_name(storage::ProjectionType t) {
  switch (t) {
    case storage::ProjectionType::ALL: return "ALL";
    case storage::ProjectionType::KEYS_ONLY: return "KEYS_ONLY";
    case storage::ProjectionType::INCLUDE: return "INCLUDE";
  }
  return "ALL";
}

void key(JsonWriter& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}

void write_key_schema(JsonWriter& w, const storage::KeySchema& schema) {
  w.StartArray();
  w.StartObject();
  key(w, "AttributeName");
  write_string(w, schema.hash.name);
  key(w, "KeyType");
  w.String("HASH");
  w.EndObject();
  if (schema.range) {
    w.StartObject();
    key(w, "AttributeName");
    write_string(w, schema.range->name);
    key(w, "KeyType");
    w.String("RANGE");
    w.EndObject();
  }
  w.EndArray();
}

void write_projection(JsonWriter& w, const storage::Projection& p) {
  w.StartObject();
  key(w, "ProjectionType");
  write_string(w, projection_name(p.type));
  if (!p.non_key_attributes.empty()) {
    key(w, "NonKeyAttributes");
    w.StartArray();
    for (const auto& a : p.non_key_attributes) write_string(w, a);
    w.EndArray();
  }
  w.EndObject();
}

void write_throughput(JsonWriter& w, const storage::Throughput& t) {
  w.StartObject();
  if (t.last_increase > 0) {
    key(w, "LastIncreaseDateTime");
    w.Double(t.last_increase);
  }
  if (t.last_decrease > 0) {
    key(w, "LastDecreaseDateTime");
    w.Double(t.last_decrease);
  }
  key(w, "NumberOfDecreasesToday");
  w.Int64(t.decreases_today);
  key(w, "ReadCapacityUnits");
  w.Int64(t.read);
  key(w, "WriteCapacityUnits");
  w.Int64(t.write);
  w.EndObject();
}

std::string type_mismatch(const storage::KeyElement& k, Type actual) {
  return "One or more parameter values were invalid: Type mismatch for key " + k.name +
         " expected: " + std::string(model::type_name(k.type)) +
         " actual: " + std::string(model::type_name(actual));
}

// Empty S or B key values are rejected with the attribute named.
model::Result<void> check_not_empty(const storage::KeyElement& k, const AttributeValue& v) {
  if ((v.is(Type::S) || v.is(Type::B)) && v.scalar().empty()) {
    return model::fail_validation(
        std::string("One or more parameter values are not valid. The AttributeValue for a key "
                    "attribute cannot contain an empty ") +
        (v.is(Type::S) ? "string" : "binary") + " value. Key: " + k.name);
  }
  return {};
}

model::Result<void> check_key_sizes(const storage::TableInfo& info, const AttributeValue& hash,
                                    const AttributeValue* range) {
  if (model::value_size(hash) > model::kMaxPartitionKeySize) {
    return model::fail_validation(
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
        "limit of2048 bytes");
  }
  if (range && model::value_size(*range) > model::kMaxSortKeySize) {
    return model::fail_validation(
        "One or more parameter values were invalid: Aggregated size of all range keys has "
        "exceeded the size limit of 1024 bytes");
  }
  (void)info;
  return {};
}

}  // namespace

model::Result<storage::Table*> require_table(ActionContext& ctx, std::string_view name) {
  storage::Table* table = ctx.db.find_table(name);
  if (!table) return std::unexpected(model::Error::resource_not_found());
  const std::string& status = table->info().status;
  if (status == "CREATING" || status == "DELETING") {
    return std::unexpected(model::Error::resource_not_found());
  }
  return table;
}

model::Result<void> check_table_not_in_transition(const storage::Table& table) {
  const std::string& status = table.info().status;
  std::string_view doing = status == "CREATING"   ? "created"
                           : status == "UPDATING" ? "updated"
                           : status == "DELETING" ? "deleted"
                                                  : "";
  if (doing.empty()) return {};
  return model::fail(model::ErrorCode::ResourceInUseException,
                     "Attempt to change a resource which is still in use: Table is being " +
                         std::string(doing) + ": " + table.info().name);
}

model::Result<storage::StoredKey> key_from_key_param(const storage::TableInfo& info,
                                                     const model::AttributeMap& key) {
  const auto& schema = info.key;
  std::size_t expected = schema.range ? 2 : 1;
  auto mismatch = [] {
    return model::fail_validation("The provided key element does not match the schema");
  };
  if (key.size() != expected) return mismatch();
  auto h = key.find(schema.hash.name);
  if (h == key.end() || h->second.type() != schema.hash.type) return mismatch();
  const AttributeValue* range = nullptr;
  if (schema.range) {
    auto r = key.find(schema.range->name);
    if (r == key.end() || r->second.type() != schema.range->type) return mismatch();
    range = &r->second;
  }
  if (auto e = check_not_empty(schema.hash, h->second); !e) return std::unexpected(e.error());
  if (range) {
    if (auto e = check_not_empty(*schema.range, *range); !e) return std::unexpected(e.error());
  }
  if (auto e = check_key_sizes(info, h->second, range); !e) return std::unexpected(e.error());
  return storage::make_stored_key(h->second, range);
}

model::Result<storage::StoredKey> key_from_item(const storage::TableInfo& info,
                                                const model::Item& item) {
  const auto& schema = info.key;
  const AttributeValue* values[2] = {nullptr, nullptr};
  const storage::KeyElement* elements[2] = {&schema.hash,
                                            schema.range ? &*schema.range : nullptr};
  for (int i = 0; i < 2; ++i) {
    if (!elements[i]) continue;
    auto it = item.find(elements[i]->name);
    if (it == item.end()) {
      return model::fail_validation("One or more parameter values were invalid: Missing the key " +
                                    elements[i]->name + " in the item");
    }
    if (it->second.type() != elements[i]->type) {
      return model::fail_validation(type_mismatch(*elements[i], it->second.type()));
    }
    if (auto e = check_not_empty(*elements[i], it->second); !e) return std::unexpected(e.error());
    values[i] = &it->second;
  }
  if (auto e = check_key_sizes(info, *values[0], values[1]); !e) return std::unexpected(e.error());
  return storage::make_stored_key(*values[0], values[1]);
}

model::Result<void> check_item_size(const model::Item& item) {
  if (model::item_size(item) > model::kMaxItemSize) {
    return model::fail_validation("Item size has exceeded the maximum allowed size");
  }
  return {};
}

void write_item_collection_metrics(JsonWriter& w, const storage::TableInfo& info,
                                   const model::AttributeMap& item, std::int64_t bytes) {
  w.StartObject();
  key(w, "ItemCollectionKey");
  w.StartObject();
  if (auto it = item.find(info.key.hash.name); it != item.end()) {
    key(w, it->first);
    write_value(w, it->second);
  }
  w.EndObject();
  // An estimate in whole gigabytes around the exact size, as DynamoDB reports it.
  double gb = static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0);
  double lower = static_cast<double>(static_cast<std::int64_t>(gb));
  key(w, "SizeEstimateRangeGB");
  w.StartArray();
  w.Double(lower);
  w.Double(lower + 1.0);
  w.EndArray();
  w.EndObject();
}

void write_item_collection_member(JsonWriter& w, std::optional<std::string_view> requested,
                                  const storage::TableInfo& info, const storage::WriteResult& r,
                                  const model::AttributeMap& key_values) {
  if (requested != "SIZE" || !r.item_collection_bytes) return;
  key(w, "ItemCollectionMetrics");
  write_item_collection_metrics(w, info, key_values, *r.item_collection_bytes);
}

void write_table_description(JsonWriter& w, const storage::Table& table,
                             std::string_view status_override,
                             const std::map<std::string, std::string, std::less<>>* index_status) {
  const auto& info = table.info();
  w.StartObject();
  key(w, "AttributeDefinitions");
  w.StartArray();
  for (const auto& d : info.attribute_definitions) {
    w.StartObject();
    key(w, "AttributeName");
    write_string(w, d.name);
    key(w, "AttributeType");
    write_string(w, model::type_name(d.type));
    w.EndObject();
  }
  w.EndArray();
  key(w, "TableName");
  write_string(w, info.name);
  key(w, "KeySchema");
  write_key_schema(w, info.key);
  key(w, "TableStatus");
  write_string(w, status_override.empty() ? std::string_view(info.status) : status_override);
  key(w, "CreationDateTime");
  w.Double(info.creation_time);
  key(w, "ProvisionedThroughput");
  write_throughput(w, info.throughput);
  key(w, "TableSizeBytes");
  w.Int64(table.size_bytes());
  key(w, "ItemCount");
  w.Int64(table.item_count());
  key(w, "TableArn");
  write_string(w, info.arn);
  key(w, "TableId");
  write_string(w, info.id);
  if (info.billing_mode == storage::BillingMode::PAY_PER_REQUEST || info.billing_mode_changed > 0) {
    key(w, "BillingModeSummary");
    w.StartObject();
    key(w, "BillingMode");
    w.String(info.billing_mode == storage::BillingMode::PAY_PER_REQUEST ? "PAY_PER_REQUEST"
                                                                        : "PROVISIONED");
    key(w, "LastUpdateToPayPerRequestDateTime");
    w.Double(info.billing_mode_changed);
    w.EndObject();
  }
  auto write_indexes = [&](std::string_view field, const std::vector<storage::IndexInfo>& list) {
    if (list.empty()) return;
    key(w, field);
    w.StartArray();
    for (const auto& i : list) {
      w.StartObject();
      key(w, "IndexName");
      write_string(w, i.name);
      key(w, "KeySchema");
      write_key_schema(w, i.key);
      key(w, "Projection");
      write_projection(w, i.projection);
      if (i.global) {
        key(w, "IndexStatus");
        // A new table's indexes are created with it; other transient table states leave
        // the indexes as they are.
        std::string_view status =
            status_override == "CREATING" ? status_override : std::string_view(i.status);
        if (index_status) {
          if (auto it = index_status->find(i.name); it != index_status->end()) status = it->second;
        }
        write_string(w, status);
        if (i.status == "CREATING") {
          key(w, "Backfilling");
          w.Bool(i.backfilling);
        }
        key(w, "ProvisionedThroughput");
        write_throughput(w, i.throughput);
      }
      const storage::IndexState* state = table.index(i.name);
      key(w, "IndexSizeBytes");
      w.Int64(state ? state->size_bytes() : 0);
      key(w, "ItemCount");
      w.Int64(state ? state->item_count() : 0);
      key(w, "IndexArn");
      write_string(w, info.arn + "/index/" + i.name);
      w.EndObject();
    }
    w.EndArray();
  };
  write_indexes("LocalSecondaryIndexes", info.local_indexes);
  write_indexes("GlobalSecondaryIndexes", info.global_indexes);
  key(w, "DeletionProtectionEnabled");
  w.Bool(info.deletion_protection);
  w.EndObject();
}

}  // namespace drydock::server::actions
