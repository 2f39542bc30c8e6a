#include "storage/throughput/index_write_cost.h"

#include <algorithm>
#include <string_view>

#include "model/item_size.h"
#include "storage/key_codec.h"
#include "storage/throughput/capacity_units.h"

namespace drydock::storage::throughput {

namespace {

const model::AttributeValue* key_value(const model::Item& item, const KeyElement& key) {
  auto it = item.find(key.name);
  if (it == item.end() || it->second.type() != key.type) return nullptr;
  return &it->second;
}

bool in_index(const IndexInfo& index, const model::Item& item) {
  if (!key_value(item, index.key.hash)) return false;
  return !index.key.range || key_value(item, *index.key.range);
}

bool is_key_of(const KeySchema& key, std::string_view name) {
  return name == key.hash.name || (key.range && name == key.range->name);
}

// Whether the index holds attribute `name` of the items it contains.
bool projects(const TableInfo& table, const IndexInfo& index, std::string_view name) {
  switch (index.projection.type) {
    case ProjectionType::ALL:
      return true;
    case ProjectionType::INCLUDE:
      if (std::ranges::find(index.projection.non_key_attributes, name) !=
          index.projection.non_key_attributes.end()) {
        return true;
      }
      [[fallthrough]];
    case ProjectionType::KEYS_ONLY:
      return is_key_of(table.key, name) || is_key_of(index.key, name);
  }
  return false;
}

std::int64_t entry_size(const TableInfo& table, const IndexInfo& index, const model::Item& item) {
  if (index.projection.type == ProjectionType::ALL) {
    return static_cast<std::int64_t>(model::item_size(item));
  }
  std::size_t size = 0;
  for (const auto& [name, value] : item) {
    if (projects(table, index, name)) size += model::attribute_size(name, value);
  }
  return static_cast<std::int64_t>(size);
}

// Whether every attribute the index holds of a is in b with the same value, and back.
bool same_entry(const TableInfo& table, const IndexInfo& index, const model::Item& a,
                const model::Item& b) {
  if (index.projection.type == ProjectionType::ALL) return a == b;
  auto covered = [&](const model::Item& x, const model::Item& y) {
    for (const auto& [name, value] : x) {
      if (!projects(table, index, name)) continue;
      auto it = y.find(name);
      if (it == y.end() || !(it->second == value)) return false;
    }
    return true;
  };
  return covered(a, b) && covered(b, a);
}

bool same_index_key(const IndexInfo& index, const model::Item& a, const model::Item& b) {
  if (!(*key_value(a, index.key.hash) == *key_value(b, index.key.hash))) return false;
  return !index.key.range || *key_value(a, *index.key.range) == *key_value(b, *index.key.range);
}

std::int64_t gsi_hash(const IndexInfo& index, const model::Item& item) {
  return partition_hash(encode_key_value(*key_value(item, index.key.hash)));
}

void add_cost(const TableInfo& table, const IndexInfo& index, const model::Item* old_item,
              const model::Item* new_item, std::vector<IndexWriteCost>& out) {
  if (index.status == "DELETING") return;
  if (old_item && !in_index(index, *old_item)) old_item = nullptr;
  if (new_item && !in_index(index, *new_item)) new_item = nullptr;
  if (!old_item && !new_item) return;

  IndexWriteCost cost;
  cost.index = &index;
  if (old_item && new_item) {
    if (!same_index_key(index, *old_item, *new_item)) {
      cost.writes = 2;
      cost.units = static_cast<double>(write_blocks(entry_size(table, index, *old_item)) +
                                       write_blocks(entry_size(table, index, *new_item)));
    } else if (same_entry(table, index, *old_item, *new_item)) {
      return;
    } else {
      cost.writes = 1;
      cost.units = static_cast<double>(write_blocks(
          std::max(entry_size(table, index, *old_item), entry_size(table, index, *new_item))));
    }
  } else {
    cost.writes = 1;
    cost.units = static_cast<double>(
        write_blocks(entry_size(table, index, old_item ? *old_item : *new_item)));
  }
  if (index.global) {
    if (old_item) cost.old_hash = gsi_hash(index, *old_item);
    if (new_item) cost.new_hash = gsi_hash(index, *new_item);
  }
  out.push_back(cost);
}

}  // namespace

std::optional<std::int64_t> index_entry_size(const TableInfo& table, const IndexInfo& index,
                                             const model::Item& item) {
  if (!in_index(index, item)) return std::nullopt;
  return entry_size(table, index, item);
}

void index_write_costs(const TableInfo& table, const model::Item* old_item,
                       const model::Item* new_item, std::vector<IndexWriteCost>& out) {
  for (const auto& index : table.local_indexes) add_cost(table, index, old_item, new_item, out);
  for (const auto& index : table.global_indexes) add_cost(table, index, old_item, new_item, out);
}

}  // namespace drydock::storage::throughput
