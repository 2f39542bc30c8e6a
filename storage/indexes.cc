#include "storage/indexes.h"

#include <algorithm>
#include <vector>

#include "model/binary_codec.h"
#include "model/item_size.h"

#include "storage/database.h"
#include "storage/key_codec.h"

namespace drydock::storage {
namespace {

void copy_attribute(const model::Item& from, const std::string& name, model::Item& to) {
  if (auto it = from.find(name); it != from.end()) to.insert_or_assign(name, it->second);
}

}  // namespace

model::Item project_for_index(const TableInfo& table, const IndexInfo& index,
                              const model::Item& item) {
  if (index.projection.type == ProjectionType::ALL) return item;
  model::Item out;
  copy_attribute(item, table.key.hash.name, out);
  if (table.key.range) copy_attribute(item, table.key.range->name, out);
  copy_attribute(item, index.key.hash.name, out);
  if (index.key.range) copy_attribute(item, index.key.range->name, out);
  for (const auto& name : index.projection.non_key_attributes) copy_attribute(item, name, out);
  return out;
}

std::optional<IndexRowKey> index_entry_key(const TableInfo& table, const IndexInfo& index,
                                           const model::Item& item) {
  if (!item.contains(index.key.hash.name)) return std::nullopt;
  return index_entry_key(index, item, stored_key_of(table.key, item));
}

std::optional<IndexRowKey> index_entry_key(const IndexInfo& index, const model::Item& item,
                                           const StoredKey& table_key) {
  auto h = item.find(index.key.hash.name);
  if (h == item.end()) return std::nullopt;
  const model::AttributeValue* r = nullptr;
  if (index.key.range) {
    auto it = item.find(index.key.range->name);
    if (it == item.end()) return std::nullopt;
    r = &it->second;
  }
  IndexRowKey key;
  key.ipk = encode_key_value(h->second);
  key.hash = partition_hash(key.ipk);
  if (r) key.isk = encode_key_value(*r);
  key.tpk = table_key.pk;
  key.tsk = table_key.sk;
  return key;
}

std::optional<IndexEntry> index_entry(const TableInfo& table, const IndexInfo& index,
                                      const model::Item& item, const StoredKey& table_key,
                                      const std::shared_ptr<const std::string>& encoded,
                                      std::int64_t size) {
  auto key = index_entry_key(index, item, table_key);
  if (!key) return std::nullopt;
  IndexEntry entry{std::move(*key), {}, size};
  if (index.projection.type == ProjectionType::ALL) {
    entry.blob = encoded;
  } else {
    model::Item projected = project_for_index(table, index, item);
    entry.blob = std::make_shared<const std::string>(model::encode_item(projected));
    entry.size = static_cast<std::int64_t>(model::item_size(projected));
  }
  return entry;
}

model::Result<void> check_index_keys(const TableInfo& table, const model::Item& item) {
  // DynamoDB reports the first offending index in name order, GSIs and LSIs alike.
  std::vector<const IndexInfo*> indexes;
  for (const auto* list : {&table.local_indexes, &table.global_indexes}) {
    for (const auto& index : *list) indexes.push_back(&index);
  }
  std::sort(indexes.begin(), indexes.end(),
            [](const IndexInfo* a, const IndexInfo* b) { return a->name < b->name; });
  for (const IndexInfo* index : indexes) {
    for (const KeyElement* k : {&index->key.hash, index->key.range ? &*index->key.range : nullptr}) {
      if (!k) continue;
      auto it = item.find(k->name);
      if (it == item.end()) continue;
      const auto& v = it->second;
      if (v.type() != k->type) {
        return model::fail_validation(
            "One or more parameter values were invalid: Type mismatch for Index Key " + k->name +
            " Expected: " + std::string(model::type_name(k->type)) +
            " Actual: " + std::string(model::type_name(v.type())) + " IndexName: " + index->name);
      }
      if ((v.is(model::Type::S) || v.is(model::Type::B)) && v.scalar().empty()) {
        return model::fail_validation(
            std::string("One or more parameter values are not valid. A value specified for a "
                        "secondary index key is not supported. The AttributeValue for a key "
                        "attribute cannot contain an empty ") +
            (v.is(model::Type::S) ? "string" : "binary") + " value. IndexName: " + index->name +
            ", IndexKey: " + k->name);
      }
      // Key size limits: 2048 bytes for a partition key, 1024 for a sort key.
      std::size_t max = k == &index->key.hash ? 2048 : 1024;
      if ((v.is(model::Type::S) || v.is(model::Type::B)) && v.scalar().size() > max) {
        return model::fail_validation(
            "One or more parameter values were invalid: Size limit exceeded for Index Key " +
            k->name + " Actual Size: " + std::to_string(v.scalar().size()) +
            " bytes Max Size: " + std::to_string(max) + " bytes IndexName: " + index->name);
      }
    }
  }
  return {};
}

}  // namespace drydock::storage
