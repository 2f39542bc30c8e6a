// ConsumedCapacity: what one request consumed in one table and its secondary indexes, split into
// read and write units, in the shape of the API Reference's ConsumedCapacity (CapacityUnits,
// ReadCapacityUnits, WriteCapacityUnits, Table, LocalSecondaryIndexes, GlobalSecondaryIndexes).
// A plain value: the server renders it for ReturnConsumedCapacity TOTAL (the totals) or INDEXES
// (the totals plus Table and each index that was charged).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace drydock::storage::throughput {

// Read and write units of one table or index (the API's Capacity shape; CapacityUnits = total()).
struct Capacity {
  double read = 0;
  double write = 0;

  double total() const { return read + write; }
  Capacity& operator+=(const Capacity& other) {
    read += other.read;
    write += other.write;
    return *this;
  }
  friend bool operator==(const Capacity&, const Capacity&) = default;
};

struct IndexCapacity {
  std::string name;
  Capacity capacity;
};

class ConsumedCapacity {
 public:
  ConsumedCapacity() = default;
  explicit ConsumedCapacity(std::string_view table_name) : table_name_(table_name) {}

  const std::string& table_name() const { return table_name_; }
  const Capacity& table() const { return table_; }
  // Indexes in the order they were first charged. An index appears once charged a positive amount
  // (DynamoDB omits indexes a write did not touch).
  const std::vector<IndexCapacity>& local_indexes() const { return local_; }
  const std::vector<IndexCapacity>& global_indexes() const { return global_; }
  // Table plus every index: CapacityUnits, ReadCapacityUnits and WriteCapacityUnits.
  Capacity total() const;

  void add_table_read(double units) { table_.read += units; }
  void add_table_write(double units) { table_.write += units; }
  void add_index_read(std::string_view index, bool global, double units);
  void add_index_write(std::string_view index, bool global, double units);
  // Adds everything `other` consumed (batch operations sum per table).
  // REQUIRES: other is for the same table.
  void add(const ConsumedCapacity& other);

  // nullptr when the index was not charged.
  const Capacity* index(std::string_view name, bool global) const;

 private:
  Capacity& index_entry(std::string_view name, bool global);

  std::string table_name_;
  Capacity table_;
  std::vector<IndexCapacity> local_, global_;
};

}  // namespace drydock::storage::throughput
