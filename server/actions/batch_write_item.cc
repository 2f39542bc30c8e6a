// BatchWriteItem: up to 25 PutRequest / DeleteRequest entries across tables. The whole
// request is validated first; then each item is written atomically (the batch as a whole
// is not a transaction in DynamoDB). With throughput enforcement, an item whose write is
// throttled is returned in UnprocessedItems, as the client sent it; the request fails with
// the throttling error only when every item was throttled.
#include <map>
#include <set>

#include "model/item_size.h"
#include "server/actions/actions.h"
#include "server/actions/item_params.h"

namespace drydock::server::actions {
namespace {

constexpr std::size_t kMaxBatchWrite = 25;

bool has_schema_key(const storage::KeySchema& key, const model::Item& item) {
  auto fits = [&](const storage::KeyElement& e) {
    auto it = item.find(e.name);
    return it != item.end() && it->second.type() == e.type;
  };
  return fits(key.hash) && (!key.range || fits(*key.range));
}

struct WriteOp {
  storage::Table* table;
  std::size_t charge;  // index of the table's TableCharge
  storage::StoredKey key;
  std::optional<model::Item> put;  // absent: delete
  const JsonValue* entry;          // the request as sent, for UnprocessedItems
  bool throttled = false;
  model::AttributeMap key_values;                      // for ItemCollectionMetrics
  std::optional<std::int64_t> item_collection_bytes;  // tables with LSIs
};

}  // namespace

model::Result<void> batch_write_item(ActionContext& ctx) {
  const JsonValue& req = ctx.request;
  Validation v;
  auto items_json = read_object(req, "RequestItems");
  if (!items_json) return std::unexpected(items_json.error());
  auto rcc = read_string(req, "ReturnConsumedCapacity");
  if (!rcc) return std::unexpected(rcc.error());
  auto ricm = read_string(req, "ReturnItemCollectionMetrics");
  if (!ricm) return std::unexpected(ricm.error());
  static constexpr std::array<std::string_view, 3> kCapacity = {"INDEXES", "TOTAL", "NONE"};
  v.enum_value(*rcc, "returnConsumedCapacity", kCapacity, "[INDEXES, TOTAL, NONE]");
  static constexpr std::array<std::string_view, 2> kMetrics = {"SIZE", "NONE"};
  v.enum_value(*ricm, "returnItemCollectionMetrics", kMetrics, "[SIZE, NONE]");
  if (*items_json) {
    const JsonValue& items = **items_json;
    for (auto it = items.MemberBegin(); it != items.MemberEnd(); ++it) {
      if (!it->value.IsArray()) continue;  // reported as a SerializationException below
      auto n = it->value.Size();
      if (n == 0 || n > kMaxBatchWrite) {
        v.violation("'{" + std::string(it->name.GetString()) + "=...}'", "requestItems",
                    "Map value must satisfy constraint: [Member must have length less than or "
                    "equal to 25, Member must have length greater than or equal to 1]");
      }
    }
  }
  if (auto r = v.result(); !r) return r;
  if (!*items_json || (**items_json).MemberCount() == 0) {
    return model::fail_validation("The requestItems parameter is required for BatchWriteItem");
  }
  CapacityDetail capacity =
      *rcc ? parse_capacity_detail(**rcc).value_or(CapacityDetail::NONE) : CapacityDetail::NONE;

  // Deserialize every request before checking any table.
  struct Parsed {
    std::string table;
    bool is_put;
    model::AttributeMap values;  // the item (put) or the key (delete)
    const JsonValue* entry;
  };
  std::vector<Parsed> parsed;
  std::size_t total = 0;
  for (auto it = (**items_json).MemberBegin(); it != (**items_json).MemberEnd(); ++it) {
    std::string table(it->name.GetString(), it->name.GetStringLength());
    if (!it->value.IsArray()) {
      return model::fail(model::ErrorCode::SerializationException,
                         "Unexpected value type in payload");
    }
    for (const auto& entry : it->value.GetArray()) {
      if (auto r = expect_object(entry); !r) return r;
      auto put = read_object(entry, "PutRequest");
      if (!put) return std::unexpected(put.error());
      auto del = read_object(entry, "DeleteRequest");
      if (!del) return std::unexpected(del.error());
      if ((*put != nullptr) == (*del != nullptr)) {
        return model::fail_validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
            "of the supported datatypes");
      }
      const char* field = *put ? "Item" : "Key";
      auto values_json = read_object(*put ? **put : **del, field);
      if (!values_json) return std::unexpected(values_json.error());
      if (!*values_json) {
        return model::fail_validation(std::string("1 validation error detected: Value null at '") +
                                      "requestItems." + table + ".member." +
                                      (*put ? "putRequest.item" : "deleteRequest.key") +
                                      "' failed to satisfy constraint: Member must not be null");
      }
      auto values = decode_map(**values_json);
      if (!values) return std::unexpected(values.error());
      parsed.push_back({table, *put != nullptr, std::move(*values), &entry});
      ++total;
    }
  }
  if (total > kMaxBatchWrite) {
    return model::fail_validation("Too many items requested for the BatchWriteItem call");
  }

  std::vector<WriteOp> ops;
  std::vector<TableCharge> charges;  // one per table, in the order tables first appear
  std::map<std::string, std::set<std::pair<std::string, std::string>>> seen;
  for (auto& p : parsed) {
    auto table = require_table(ctx, p.table);
    if (!table) return std::unexpected(table.error());
    const auto& info = (*table)->info();
    // Any key that does not fit the schema, in a put or a delete, gets one message.
    if (p.is_put && !has_schema_key(info.key, p.values)) {
      return model::fail_validation("The provided key element does not match the schema");
    }
    auto key = p.is_put ? key_from_item(info, p.values) : key_from_key_param(info, p.values);
    if (!key) return std::unexpected(key.error());
    if (p.is_put) {
      if (auto r = check_item_size(p.values); !r) return r;
    }
    if (!seen[p.table].emplace(key->pk, key->sk).second) {
      return model::fail_validation("Provided list of item keys contains duplicates");
    }
    std::size_t charge = 0;
    while (charge < charges.size() && &charges[charge].table() != *table) ++charge;
    if (charge == charges.size()) charges.emplace_back(**table, capacity);
    WriteOp op{*table, charge, std::move(*key), std::nullopt, p.entry, false, {}, std::nullopt};
    if (!info.local_indexes.empty()) op.key_values = p.values;
    if (p.is_put) op.put = std::move(p.values);
    ops.push_back(std::move(op));
  }

  std::size_t throttled = 0;
  std::optional<model::Error> throttle;
  auto r = ctx.db.transaction([&]() -> model::Result<void> {
    for (auto& op : ops) {
      TableCharge& charge = charges[op.charge];
      auto written = ctx.db.write_item(*op.table, op.key, [&](const model::Item* old) {
        if (auto t = charge.write(op.key.hash, old, op.put ? &*op.put : nullptr); !t) {
          return model::Result<std::optional<model::Item>>(std::unexpected(t.error()));
        }
        return model::Result<std::optional<model::Item>>(std::move(op.put));
      });
      if (!written) {
        // A throttled item was not written (the refusal comes before any change).
        if (!is_throttle(written.error())) return std::unexpected(written.error());
        op.throttled = true;
        ++throttled;
        throttle = written.error();
      } else {
        op.item_collection_bytes = written->item_collection_bytes;
      }
    }
    return {};
  });
  if (!r) return r;
  if (throttle && throttled == ops.size()) return std::unexpected(*throttle);

  ctx.out.Key("UnprocessedItems");
  ctx.out.StartObject();
  if (throttled > 0) {
    for (const auto& charge : charges) {
      const std::string& name = charge.table().info().name;
      bool any = false;
      for (const auto& op : ops) {
        if (!op.throttled || op.table != &charge.table()) continue;
        if (!any) {
          ctx.out.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
          ctx.out.StartArray();
          any = true;
        }
        op.entry->Accept(ctx.out);
      }
      if (any) ctx.out.EndArray();
    }
  }
  ctx.out.EndObject();
  if (capacity != CapacityDetail::NONE) {
    ctx.out.Key("ConsumedCapacity");
    ctx.out.StartArray();
    for (const auto& charge : charges) charge.write_object(ctx.out);
    ctx.out.EndArray();
  }
  if (*ricm == "SIZE") {
    // Per table with LSIs: the collections this batch wrote to.
    ctx.out.Key("ItemCollectionMetrics");
    ctx.out.StartObject();
    for (const auto& charge : charges) {
      const auto& info = charge.table().info();
      if (info.local_indexes.empty()) continue;
      ctx.out.Key(info.name.data(), static_cast<rapidjson::SizeType>(info.name.size()));
      ctx.out.StartArray();
      for (const auto& op : ops) {
        if (op.table != &charge.table() || !op.item_collection_bytes) continue;
        write_item_collection_metrics(ctx.out, info, op.key_values, *op.item_collection_bytes);
      }
      ctx.out.EndArray();
    }
    ctx.out.EndObject();
  }
  return {};
}

}  // namespace drydock::server::actions
