// Capacity for the item operations: charges a table's throughput (storage::Table::throughput(),
// which admits or throttles when enforcement is on) and renders ConsumedCapacity in DynamoDB's
// shape. The unit arithmetic is storage/throughput's; this is only the glue the actions share.
//
// One TableCharge per table a request touches. It does nothing (no size computed, no allocation)
// unless the request asked for ReturnConsumedCapacity TOTAL or INDEXES, or the table enforces its
// throughput: every method then returns at its first branch.
//
// Rendering, as DynamoDB answers (DynamoDB Local 1.25.1 agrees): TOTAL gives TableName and
// CapacityUnits; INDEXES adds Table (always, 0.0 when a read went to an index alone) and
// LocalSecondaryIndexes / GlobalSecondaryIndexes maps of the indexes that were charged, each
// {"CapacityUnits": n}. Single-item and batch operations carry no ReadCapacityUnits /
// WriteCapacityUnits split (DynamoDB reports that split for transactions only).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"
#include "model/error.h"
#include "server/json.h"
#include "storage/database.h"
#include "storage/throughput/capacity_units.h"
#include "storage/throughput/consumed_capacity.h"
#include "storage/throughput/index_write_cost.h"

namespace drydock::server::actions {

// ReturnConsumedCapacity.
enum class CapacityDetail { NONE, TOTAL, INDEXES };
std::optional<CapacityDetail> parse_capacity_detail(std::string_view text);

// Eventually consistent or strongly consistent (ConsistentRead).
inline storage::throughput::ReadMode read_mode(bool consistent) {
  return consistent ? storage::throughput::ReadMode::kStrong
                    : storage::throughput::ReadMode::kEventual;
}

// Whether `error` is a throttling refusal (ProvisionedThroughputExceededException or
// ThrottlingException): batch operations leave such items unprocessed instead of failing.
bool is_throttle(const model::Error& error);

class TableCharge {
 public:
  TableCharge(storage::Table& table, CapacityDetail detail);

  storage::Table& table() const { return *table_; }
  // Whether anything is computed at all.
  bool active() const { return active_; }

  // GetItem and each key of BatchGetItem: admit before reading (a throttle error means the
  // key is not read), then charge the item read (nullptr: no item, still one read).
  model::Result<void> admit_item_read(std::int64_t hash);
  void item_read(std::int64_t hash, const model::Item* item, bool consistent);

  // Query and Scan of the table (index nullptr) or of one of its indexes. `hash`: the
  // partition the page addresses (the Query's partition key, or where the Scan starts).
  model::Result<void> admit_range_read(const storage::IndexInfo* index, std::int64_t hash);
  // The page read: its rows (index entries on an index) and, on a local index, the table items
  // fetched for unprojected attributes (charged to the table).
  void range_read(const storage::IndexInfo* index, std::int64_t hash,
                  const storage::throughput::RangeReadMeter& meter, bool consistent);

  // PutItem, UpdateItem, DeleteItem and each request of BatchWriteItem, inside the write's
  // apply function once the new item is known (nullptr: absent): charges the item and every
  // secondary index whose entry changes. A throttle error must abort the write.
  model::Result<void> write(std::int64_t hash, const model::Item* old_item,
                            const model::Item* new_item);
  // A write whose condition failed consumes units too ("If the item exists, the number of write
  // capacity units consumed depends on the size of the item"; none: one unit). Returns the
  // throttle error when the table had no capacity left, which then answers instead.
  model::Result<void> condition_failed(std::int64_t hash, const model::Item* old_item,
                                       std::int64_t new_bytes);

  const storage::throughput::ConsumedCapacity& consumed() const { return consumed_; }
  // Whether the request asked for ConsumedCapacity.
  bool reporting() const { return detail_ != CapacityDetail::NONE; }
  // Writes `"ConsumedCapacity": {...}` when the request asked for it.
  void write_member(JsonWriter& w) const;
  // Writes one ConsumedCapacity object (an element of a batch operation's list).
  void write_object(JsonWriter& w) const;

 private:
  storage::Table* table_;
  CapacityDetail detail_;
  bool active_;
  storage::throughput::ConsumedCapacity consumed_;
  std::vector<storage::throughput::IndexWriteCost> costs_;
};

}  // namespace drydock::server::actions
