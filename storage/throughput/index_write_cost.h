// What one base-table item write costs each secondary index, by the rules of the Developer Guide's
// "Global secondary indexes" and "Local secondary indexes" pages, section "Provisioned throughput
// considerations", "Write Capacity Units":
//  - an item that enters the index (new item, or an index key attribute now defined): one write;
//  - "If an update to the table changes the value of an indexed key attribute (from A to B), two
//    writes are required, one to delete the previous item from the index and another write to put
//    the new item into the index";
//  - an item that leaves the index (deleted, or an index key attribute removed): one write;
//  - "If an item is not present in the index before or after the item is updated, there is no
//    additional write cost for the index";
//  - an update that changes projected attributes but no index key: one write ("one write is
//    required to update the values of the projected attributes into the index"); one that changes
//    nothing the index holds: none;
//  - "Larger index entries will require additional write capacity units": each index write is
//    rounded up to 1 KB of the index entry's size (the projected attributes: the table's key, the
//    index key and the projection), an update charged on the larger of the old and new entry.
// Index writes are not doubled by transactions: DynamoDB applies index changes after the
// transaction commits ("Changes made with transactions are propagated to global secondary indexes
// (GSIs) ... after the transaction completes successfully").
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/attribute_value.h"
#include "storage/table_info.h"

namespace drydock::storage::throughput {

struct IndexWriteCost {
  const IndexInfo* index = nullptr;  // points into the TableInfo passed in
  int writes = 0;                    // 1, or 2 when the index key changed
  double units = 0;                  // write units charged to the index
  // For a global secondary index, the partition hashes (storage::partition_hash of the encoded
  // index partition key) of the old entry (updated or deleted) and of the new entry (put or
  // updated); -1 when there is none, and always -1 for a local index (it lives in the table's
  // partition).
  std::int64_t old_hash = -1;
  std::int64_t new_hash = -1;
};

// Size of the entry `item` has in `index`: the attributes the index holds (table key, index key,
// and every attribute for ALL, the NonKeyAttributes for INCLUDE). nullopt when the item is not in
// the index (an index key attribute is missing or not of the index key's type).
std::optional<std::int64_t> index_entry_size(const TableInfo& table, const IndexInfo& index,
                                             const model::Item& item);

// Appends to `out` one cost per secondary index whose entry the write changes (local indexes
// first, then global ones, each in TableInfo order). old_item / new_item: nullptr when absent.
// Indexes being deleted (status DELETING) are skipped; indexes being created are included (table
// writes are propagated to an index while it is built).
void index_write_costs(const TableInfo& table, const model::Item* old_item,
                       const model::Item* new_item, std::vector<IndexWriteCost>& out);

}  // namespace drydock::storage::throughput
