// Capacity units per operation, as the DynamoDB Developer Guide documents them. Pure functions of
// item sizes (model::item_size, the Guide's "Item sizes and formats" rules); no state, no I/O.
//
// Sources (Amazon DynamoDB Developer Guide):
//   [RW]  "DynamoDB read and write operations" (read-write-operations.html; formerly
//         "Item Sizes and Capacity Unit Consumption", CapacityUnitCalculations.html, and
//         "Managing Throughput Settings on Provisioned Tables", ProvisionedThroughput.html).
//   [TX]  "Amazon DynamoDB Transactions: How it works", section "Capacity management for
//         transactions" (transaction-apis.html).
//   [LSI] "Local secondary indexes", section "Provisioned throughput considerations" (LSI.html).
//   [GSI] "Global secondary indexes", section "Provisioned throughput considerations" (GSI.html).
#pragma once

#include <cstdint>

namespace drydock::storage::throughput {

// [RW] "A read capacity unit represents one strongly consistent read per second ... for an item
// up to 4 KB"; "A write capacity unit represents one write per second, for an item up to 1 KB".
constexpr std::int64_t kReadBlockBytes = 4096;
constexpr std::int64_t kWriteBlockBytes = 1024;

// How a read is charged: [RW] an eventually consistent read is half a strongly consistent one;
// [TX] a transactional read is two reads of every item ("one to prepare the transaction and one to
// commit the transaction").
enum class ReadMode : std::uint8_t { kEventual, kStrong, kTransactional };

// The 4 KB blocks a read of `bytes` touches: rounded up, and at least one. [RW] "If you perform a
// read operation on an item that does not exist, DynamoDB still consumes provisioned read
// throughput", so zero bytes (nothing found) is one block.
std::int64_t read_blocks(std::int64_t bytes);
// The 1 KB blocks a write of `bytes` touches: rounded up, at least one.
std::int64_t write_blocks(std::int64_t bytes);

// Units for `blocks` 4 KB blocks read in `mode`: x0.5 eventual, x1 strong, x2 transactional.
double read_units_for_blocks(std::int64_t blocks, ReadMode mode);

// GetItem, and each key of BatchGetItem and each Get of TransactGetItems: [RW] "take the item size
// and round it up to the next 4 KB boundary ... For an eventually consistent read, divide this
// number by two"; BatchGetItem "first rounds up the size of each item to the next 4 KB boundary,
// and then calculates the total size". item_bytes 0 = the item does not exist.
double item_read_units(std::int64_t item_bytes, ReadMode mode);

// Query and Scan pages: [RW] Query "computes the total size of all items and then rounds up to the
// next 4 KB boundary"; Scan "considers the size of the items that are evaluated, not the size of
// the items returned". total_bytes is the sum of the sizes of every item read (before any filter);
// a page that reads nothing costs one block.
double range_read_units(std::int64_t total_bytes, ReadMode mode);

// PutItem ("the larger of the two" of the old and new item), UpdateItem ("the larger of the
// 'before' and 'after' item sizes"), DeleteItem ("based on the size of the deleted item"), and each
// request of BatchWriteItem ("rounds up the size of each item to the next 1 KB boundary") [RW].
// old_bytes / new_bytes are 0 for an absent item; a write of nothing (deleting an absent item)
// costs one unit. [TX] transactional writes are doubled ("Each item requires two write capacity
// units (WCUs): one to prepare the transaction and one to commit the transaction").
double item_write_units(std::int64_t old_bytes, std::int64_t new_bytes, bool transactional = false);

// A PutItem/UpdateItem/DeleteItem whose condition evaluated to false [RW]: "If the item exists,
// the number of write capacity units consumed depends on the size of the item" (the larger of the
// existing and the would-be new item); "If the item does not exist, DynamoDB will consume one
// write capacity unit". existing_bytes 0 = no item.
double condition_failed_write_units(std::int64_t existing_bytes, std::int64_t new_bytes);

// Accumulates what one Query or Scan page reads, for range_read_units and for local secondary
// index fetches. [LSI] "For index queries that read attributes that are not projected into the
// local secondary index ... you are charged for read capacity units for every base table item
// fetched. This charge is for reading each entire item from the table": the index entries count as
// one sum rounded up to 4 KB, "The size of each matching item in the base table, with each item
// individually rounded up to the next 4 KB".
class RangeReadMeter {
 public:
  // One item (or index entry) read by the walk, matched or filtered out alike.
  void add_row(std::int64_t bytes) { row_bytes_ += bytes; }
  // One base-table item fetched for an LSI query that asked for unprojected attributes.
  void add_fetch(std::int64_t item_bytes) { fetch_blocks_ += read_blocks(item_bytes); }

  std::int64_t row_bytes() const { return row_bytes_; }
  // The rows: their sum rounded up to 4 KB, at least one block.
  double row_units(ReadMode mode) const { return range_read_units(row_bytes_, mode); }
  // The fetches (0 when there were none).
  double fetch_units(ReadMode mode) const { return read_units_for_blocks(fetch_blocks_, mode); }

 private:
  std::int64_t row_bytes_ = 0;
  std::int64_t fetch_blocks_ = 0;
};

}  // namespace drydock::storage::throughput
