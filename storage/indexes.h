// Secondary-index entries: what an item contributes to an index (its index key, the table
// key, the projected attributes), and the checks a written item must pass for each index.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "model/attribute_value.h"
#include "model/error.h"
#include "storage/table_info.h"

namespace drydock::storage {

struct StoredKey;

// An index row's key: the index key (hash of its partition key, encoded keys) followed by
// the table key, which makes entries unique when index keys repeat.
struct IndexRowKey {
  std::int64_t hash = 0;
  std::string ipk, isk, tpk, tsk;
  friend bool operator==(const IndexRowKey&, const IndexRowKey&) = default;
};

struct IndexEntry {
  IndexRowKey key;
  // The attributes the index projects, in the binary item encoding: for ALL, the item's
  // own encoding, one copy shared by all of the item's entries.
  std::shared_ptr<const std::string> blob;
  std::int64_t size = 0;  // their DynamoDB size
};

// The key of the item's entry in an index, or nullopt when the item lacks an index key
// attribute (sparse indexes). REQUIRES: the item passed check_index_keys.
std::optional<IndexRowKey> index_entry_key(const TableInfo& table, const IndexInfo& index,
                                           const model::Item& item);
// The same, with the item's table key already encoded.
std::optional<IndexRowKey> index_entry_key(const IndexInfo& index, const model::Item& item,
                                           const StoredKey& table_key);

// The item's whole entry. `encoded` and `size` are the item's own encoding and size,
// shared as they are when the index projects ALL. table_key: the item's encoded table key.
std::optional<IndexEntry> index_entry(const TableInfo& table, const IndexInfo& index,
                                      const model::Item& item, const StoredKey& table_key,
                                      const std::shared_ptr<const std::string>& encoded,
                                      std::int64_t size);

// The attributes an index projects of an item: table and index keys, plus all (ALL) or the
// listed (INCLUDE) other attributes.
model::Item project_for_index(const TableInfo& table, const IndexInfo& index,
                              const model::Item& item);

// DynamoDB's ValidationException for an item whose index key attribute has the wrong type
// or is an empty string or binary.
model::Result<void> check_index_keys(const TableInfo& table, const model::Item& item);

}  // namespace drydock::storage
