// TableThroughput: the capacity bookkeeping and throttling of one table and its global secondary
// indexes, driven by the server with a few calls per operation.
//
// With enforcement off (the default) every call only adds the units to counters (no clock read, no
// bucket) and always succeeds. With it on, a request is admitted while the table's bucket and the
// bucket of the partition it addresses hold capacity; otherwise it fails with DynamoDB's throttling
// error (throttle.h) and consumes nothing. Local secondary indexes share the table's throughput;
// each global secondary index has its own, and "If you perform heavy write activity on the table,
// but a global secondary index on that table has insufficient write capacity, then the write
// activity on the table will be throttled" (Developer Guide, "Global secondary indexes").
//
// Typical use, per operation (hash = storage::partition_hash of the encoded partition key):
//   GetItem:   admit_read(hash); read; debit_read(hash, item_read_units(size, mode))
//   Query:     admit_read(hash) (or admit_index_read for a GSI); walk with a RangeReadMeter;
//              debit_read(hash, meter.row_units(mode) + meter.fetch_units(mode))
//   Scan:      as Query, with the hash where the page starts (its segment's hash_begin, or the
//              ExclusiveStartKey's hash): a page is charged to the partition it starts in
//   PutItem:   inside the write's apply function, once old and new items are known:
//              index_write_costs(info, old, new, costs);
//              charge_write(hash, item_write_units(old_size, new_size), costs)  // error aborts
//              after the write: on_item_written(hash, old_size, new_size)
//   TransactWriteItems: admit_write for every item, then debit_write for every item.
//   UpdateTable: reconfigure(new_info).
// Not thread-safe: the server drives it from its one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "model/error.h"
#include "storage/table_info.h"
#include "storage/throughput/clock.h"
#include "storage/throughput/index_write_cost.h"
#include "storage/throughput/options.h"
#include "storage/throughput/resource_throughput.h"
#include "storage/throughput/throttle.h"

namespace drydock::storage::throughput {

struct TableThroughputState {
  bool enforcing = false;
  ResourceState table;
  std::vector<ResourceState> global_indexes;
};

class TableThroughput {
 public:
  // `size_bytes`: the data the table already holds (Table::size_bytes()). range_bytes: see
  // ResourceThroughput. The clock must outlive this object.
  // REQUIRES: a PROVISIONED table and its GSIs have throughput >= 1 (DynamoDB's minimum); with 0
  // every enforced request would be refused.
  TableThroughput(const TableInfo& info, std::int64_t size_bytes, const ThroughputOptions& options,
                  const Clock& clock, RangeBytesFn range_bytes = {});

  bool enforcing() const { return enforce_; }
  // Per-table override of ThroughputOptions::enforce.
  void set_enforcing(bool on) { enforce_ = on; }

  // Reads of the table, or of a local secondary index (which shares the table's throughput).
  // admit_read before reading, debit_read once the size read is known; charge_read does both.
  model::Result<void> admit_read(std::int64_t hash);
  void debit_read(std::int64_t hash, double units);
  model::Result<void> charge_read(std::int64_t hash, double units);

  // Reads of global secondary index `index` (Query or Scan with its IndexName); `hash` is the
  // partition hash of the index partition key (Query) or of where the Scan starts.
  // An unknown index name is accepted and counted nowhere.
  model::Result<void> admit_index_read(std::string_view index, std::int64_t hash);
  void debit_index_read(std::string_view index, std::int64_t hash, double units);

  // One item write: `table_units` for the base item (item_write_units), plus `index_costs`
  // (index_write_costs; local ones are charged to the table, global ones to their index). Either
  // everything is admitted and debited, or nothing is and the first refusal is returned: the table
  // first, then each global index in the order given.
  model::Result<void> charge_write(std::int64_t hash, double table_units,
                                   std::span<const IndexWriteCost> index_costs = {});
  // The two halves of charge_write, for TransactWriteItems: admit every item, then debit them.
  model::Result<void> admit_write(std::int64_t hash, std::span<const IndexWriteCost> index_costs);
  void debit_write(std::int64_t hash, double table_units,
                   std::span<const IndexWriteCost> index_costs);

  // After a write is stored: the item at `hash` went from old_bytes to new_bytes (0 = absent).
  // Drives the size-based partition splits; done whether or not enforcement is on.
  void on_item_written(std::int64_t hash, std::int64_t old_bytes, std::int64_t new_bytes);

  // UpdateTable: new billing mode, throughput, or set of global secondary indexes; effective at
  // once. Indexes keep their state by name; new ones start fresh; removed ones are dropped.
  void reconfigure(const TableInfo& info);

  // Details of the last refusal (for ThrottlingReasons), if any.
  const std::optional<Throttle>& last_throttle() const { return last_throttle_; }

  // For the administrative request: buckets, partitions and counters now.
  TableThroughputState state() const;

 private:
  ResourceThroughput* global_index(std::string_view name);
  static std::int64_t index_hash(const IndexWriteCost& cost);
  std::unexpected<model::Error> refuse(Throttle throttle);

  const Clock* clock_;
  ThroughputOptions options_;
  bool enforce_;
  std::string arn_;
  ResourceThroughput table_;
  std::vector<ResourceThroughput> global_;
  std::optional<Throttle> last_throttle_;
};

}  // namespace drydock::storage::throughput
