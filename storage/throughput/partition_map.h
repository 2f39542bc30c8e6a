// PartitionMap: how a table's (or a global secondary index's) partition-hash space is cut into
// simulated partitions. Each partition owns a contiguous range of storage::partition_hash values
// (63-bit, in [0, 2^63)); an item belongs to the partition its partition key hashes into.
//
// Sizing follows the Developer Guide ("Best Practices for Tables", "Understand Partition
// Behavior", and "Partitions and data distribution"):
//   "A single partition can support a maximum of 3,000 read capacity units or 1,000 write capacity
//    units"; "A single partition can hold approximately 10 GB of data";
//   "( readCapacityUnits / 3,000 ) + ( writeCapacityUnits / 1,000 ) = initialPartitions (rounded
//    up)";
//   throughput increase beyond what the partitions support: "DynamoDB will double the current
//    number of partitions";
//   a partition that exceeds its storage: "DynamoDB would split the partition ... The result will
//    be two partitions".
// Partitions never merge: lowering throughput or deleting data keeps them.
#pragma once

#include <climits>
#include <cstdint>
#include <optional>
#include <vector>

namespace drydock::storage::throughput {

// The per-partition limits. Configurable so tests can reach them with small loads and sizes.
struct PartitionLimits {
  double read_units = 3000;                 // read units per second one partition serves
  double write_units = 1000;                // write units per second one partition serves
  std::int64_t bytes = 10LL * (1LL << 30);  // data one partition holds before it splits (10 GB)
};

// The partitions a table needs: ceil(max(read / limits.read_units + write / limits.write_units,
// bytes / limits.bytes)), at least 1.
int partitions_for(double read_units, double write_units, std::int64_t bytes,
                   const PartitionLimits& limits);

// The upper bound of the last partition's range. Like ScanRange::hash_end, it is exclusive except
// that it also includes INT64_MAX itself, so [begin, kHashEnd) covers every hash from begin on.
constexpr std::int64_t kHashEnd = INT64_MAX;

// The middle of [begin, end) (end == kHashEnd standing for 2^63): the first hash of the upper
// half. nullopt when the range holds fewer than two hashes.
std::optional<std::int64_t> hash_midpoint(std::int64_t begin, std::int64_t end);

class PartitionMap {
 public:
  // `count` partitions with equal ranges. REQUIRES: count >= 1.
  explicit PartitionMap(int count = 1);

  int size() const { return static_cast<int>(begins_.size()); }
  // REQUIRES: hash >= 0 (every storage::partition_hash value is).
  int partition_of(std::int64_t hash) const;
  // Partition i's range [begin(i), end(i)); end(last) == kHashEnd.
  std::int64_t begin(int i) const { return begins_[static_cast<std::size_t>(i)]; }
  std::int64_t end(int i) const {
    return i + 1 < size() ? begins_[static_cast<std::size_t>(i) + 1] : kHashEnd;
  }

  // A partition can split while its range holds at least two hashes.
  bool can_split(int i) const;
  // Cuts partition i at the middle of its range: i keeps the lower half, the upper half becomes
  // partition i + 1 and the partitions after it move up by one. REQUIRES: can_split(i).
  void split(int i);
  // Cuts partition i at hash `at`: i keeps [begin(i), at), [at, end(i)) becomes partition i + 1.
  // REQUIRES: begin(i) < at, and at < end(i) (at <= INT64_MAX for the last partition).
  void split_at(int i, std::int64_t at);
  // Splits every partition in two (what a throughput increase does). Partitions that cannot split
  // stay as they are.
  void split_all();

 private:
  std::vector<std::int64_t> begins_;  // ascending; begins_[0] == 0
};

}  // namespace drydock::storage::throughput
