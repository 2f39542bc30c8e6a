#include "server/actions/read_common.h"

#include "model/binary_codec.h"
#include "model/item_size.h"
#include "storage/key_codec.h"

namespace drydock::server::actions {

model::Item key_attributes(const std::vector<const storage::KeySchema*>& schemas,
                           const model::Item& item) {
  model::Item out;
  for (const auto* key : schemas) {
    if (auto it = item.find(key->hash.name); it != item.end()) out.insert(*it);
    if (key->range) {
      if (auto it = item.find(key->range->name); it != item.end()) out.insert(*it);
    }
  }
  return out;
}

storage::RowFn page_collector(const PageSpec& spec, Page& page) {
  // Streamed items, or none kept (COUNT): rows need no decoding.
  if (spec.pass_through && (spec.stream || !page.keep_items)) {
    return [&spec, &page](const storage::RowView& row) -> model::Result<bool> {
      ++page.scanned;
      ++page.count;
      page.meter.add_row(row.size);
      if (spec.stream) {
        if (auto w = write_encoded_item(*spec.stream, row.item); !w) {
          return std::unexpected(w.error());
        }
      }
      bool full =
          (spec.limit && page.scanned >= *spec.limit) || page.meter.row_bytes() >= kPageBytes;
      if (full) {
        auto item = model::decode_item(row.item);
        if (!item) return std::unexpected(item.error());
        page.last_evaluated = key_attributes(spec.key_schemas, *item);
      }
      return !full;
    };
  }
  return [&spec, &page](const storage::RowView& row) -> model::Result<bool> {
    auto decoded = model::decode_item(row.item);
    if (!decoded) return std::unexpected(decoded.error());
    ++page.scanned;
    page.meter.add_row(row.size);
    model::Item item = std::move(*decoded);
    bool full = (spec.limit && page.scanned >= *spec.limit) || page.meter.row_bytes() >= kPageBytes;
    if (full) page.last_evaluated = key_attributes(spec.key_schemas, item);
    if (spec.fetch) {
      auto base = spec.fetch(row.tpk, row.tsk);
      if (!base) return std::unexpected(base.error());
      if (*base) {
        if (spec.meter_fetches) {
          page.meter.add_fetch(static_cast<std::int64_t>(model::item_size(**base)));
        }
        item = std::move(**base);
      }
    }
    bool passes = true;
    if (spec.filter) {
      auto r = spec.filter(item);
      if (!r) return std::unexpected(r.error());
      passes = *r;
    }
    if (passes) {
      ++page.count;
      if (page.keep_items) page.items.push_back(std::move(item));
    }
    return !full;
  };
}

model::Result<std::optional<StartKey>> read_exclusive_start_key(const JsonValue& request,
                                                                const storage::TableInfo& info,
                                                                const storage::IndexInfo* index,
                                                                bool is_query) {
  auto obj = read_object(request, "ExclusiveStartKey");
  if (!obj) return std::unexpected(obj.error());
  if (!*obj) return std::optional<StartKey>();
  auto values = decode_map(**obj);
  if (!values) return std::unexpected(values.error());
  // Scan: one message for everything; Query: the shape, then the types.
  auto invalid = [is_query] {
    return model::fail_validation(
        is_query ? "The provided starting key is invalid"
                 : "The provided starting key is invalid: The provided key element does not "
                   "match the schema");
  };
  auto mistyped = [is_query] {
    return model::fail_validation(
        is_query ? "The provided key element does not match the schema"
                 : "The provided starting key is invalid: The provided key element does not "
                   "match the schema");
  };
  // The start key holds exactly the table's key attributes and, on an index, the index's.
  std::vector<const storage::KeyElement*> elements = {&info.key.hash};
  if (info.key.range) elements.push_back(&*info.key.range);
  if (index) {
    elements.push_back(&index->key.hash);
    if (index->key.range) elements.push_back(&*index->key.range);
  }
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    bool repeated = false;
    for (std::size_t j = 0; j < i; ++j) repeated = repeated || elements[j]->name == elements[i]->name;
    if (!repeated) ++distinct;
    if (!values->contains(elements[i]->name)) return invalid();
  }
  if (values->size() != distinct) return invalid();
  for (const auto* e : elements) {
    if (values->find(e->name)->second.type() != e->type) return mistyped();
  }
  model::AttributeMap table_key;
  for (const auto* e : elements) {
    if (e == &info.key.hash || (info.key.range && e == &*info.key.range)) {
      table_key.insert(*values->find(e->name));
    }
  }
  auto key = key_from_key_param(info, table_key);
  if (!key) return mistyped();
  StartKey start{std::move(*key), std::nullopt};
  if (index) {
    storage::IndexRowKey ik;
    ik.ipk = storage::encode_key_value(values->find(index->key.hash.name)->second);
    ik.hash = storage::partition_hash(ik.ipk);
    if (index->key.range) ik.isk = storage::encode_key_value(values->find(index->key.range->name)->second);
    ik.tpk = start.table_key.pk;
    ik.tsk = start.table_key.sk;
    start.index_key = std::move(ik);
  }
  return std::optional<StartKey>(std::move(start));
}

void stream_items_if_possible(JsonWriter& w, PageSpec& spec, Page& page) {
  if (!spec.pass_through || !page.keep_items) return;
  w.Key("Items");
  w.StartArray();
  spec.stream = &w;
  page.streamed = true;
}

void write_page(JsonWriter& w, const Page& page, bool with_items) {
  if (page.streamed) {
    w.EndArray();
  } else if (with_items) {
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
}

}  // namespace drydock::server::actions
