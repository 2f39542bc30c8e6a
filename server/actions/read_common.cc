#include "server/actions/read_common.h"

#include "model/binary_codec.h"
#include "storage/capacity.h"

namespace drydock::server::actions {

model::Item key_attributes(const storage::KeySchema& key, const model::Item& item) {
  model::Item out;
  if (auto it = item.find(key.hash.name); it != item.end()) out.emplace(*it);
  if (key.range) {
    if (auto it = item.find(key.range->name); it != item.end()) out.emplace(*it);
  }
  return out;
}

storage::RowFn page_collector(const storage::TableInfo& info, const PageSpec& spec, Page& page) {
  return [&info, &spec, &page](const storage::RowView& row) -> model::Result<bool> {
    auto item = model::decode_item(row.item);
    if (!item) return std::unexpected(item.error());
    ++page.scanned;
    page.bytes += row.size;
    bool passes = true;
    if (spec.filter) {
      auto r = spec.filter(*item);
      if (!r) return std::unexpected(r.error());
      passes = *r;
    }
    bool full = (spec.limit && page.scanned >= *spec.limit) || page.bytes >= kPageBytes;
    if (full) page.last_evaluated = key_attributes(info.key, *item);
    if (passes) {
      ++page.count;
      if (page.keep_items) page.items.push_back(std::move(*item));
    }
    return !full;
  };
}

model::Result<std::optional<std::pair<model::Item, storage::StoredKey>>> read_exclusive_start_key(
    const JsonValue& request, const storage::TableInfo& info) {
  using Out = std::optional<std::pair<model::Item, storage::StoredKey>>;
  auto obj = read_object(request, "ExclusiveStartKey");
  if (!obj) return std::unexpected(obj.error());
  if (!*obj) return Out();
  auto values = decode_map(**obj);
  if (!values) return std::unexpected(values.error());
  auto key = key_from_key_param(info, *values);
  if (!key) {
    return model::fail_validation(
        "The provided starting key is invalid: The provided key element does not match the "
        "schema");
  }
  return Out(std::pair(std::move(*values), std::move(*key)));
}

void write_page(JsonWriter& w, const Page& page, const storage::TableInfo& info,
                CapacityDetail capacity, bool consistent, bool with_items) {
  if (with_items) {
    w.Key("Items");
    w.StartArray();
    for (const auto& item : page.items) write_map(w, item);
    w.EndArray();
  }
  w.Key("Count");
  w.Int64(page.count);
  w.Key("ScannedCount");
  w.Int64(page.scanned);
  if (page.last_evaluated) {
    w.Key("LastEvaluatedKey");
    write_map(w, *page.last_evaluated);
  }
  write_consumed_capacity(w, capacity, info.name,
                          storage::read_units(static_cast<std::size_t>(page.bytes), consistent),
                          false, false);
}

}  // namespace drydock::server::actions
