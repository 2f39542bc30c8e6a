#include "storage/throughput/partition_map.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace drydock::storage::throughput {

namespace {

using u128 = unsigned __int128;

// 2^63: the size of the partition-hash space.
constexpr u128 kHashSpace = static_cast<u128>(1) << 63;

// Number of hashes in [begin, end), with end == kHashEnd standing for 2^63.
u128 width(std::int64_t begin, std::int64_t end) {
  u128 top = end == kHashEnd ? kHashSpace : static_cast<u128>(end);
  return top - static_cast<u128>(begin);
}

}  // namespace

std::optional<std::int64_t> hash_midpoint(std::int64_t begin, std::int64_t end) {
  u128 w = width(begin, end);
  if (w < 2) return std::nullopt;
  return static_cast<std::int64_t>(static_cast<u128>(begin) + w / 2);
}

int partitions_for(double read_units, double write_units, std::int64_t bytes,
                   const PartitionLimits& limits) {
  double for_throughput = 0;
  if (limits.read_units > 0) for_throughput += std::max(0.0, read_units) / limits.read_units;
  if (limits.write_units > 0) for_throughput += std::max(0.0, write_units) / limits.write_units;
  // Tolerates the rounding of the division (1000/3000 + 2000/3000 must be 1, not 1.0000001).
  double n = std::ceil(for_throughput - 1e-9);
  if (limits.bytes > 0 && bytes > 0) {
    n = std::max(n, static_cast<double>((bytes + limits.bytes - 1) / limits.bytes));
  }
  if (n < 1) return 1;
  if (n > INT_MAX) return INT_MAX;
  return static_cast<int>(n);
}

PartitionMap::PartitionMap(int count) {
  assert(count >= 1);
  begins_.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    begins_.push_back(
        static_cast<std::int64_t>(kHashSpace * static_cast<u128>(i) / static_cast<u128>(count)));
  }
}

int PartitionMap::partition_of(std::int64_t hash) const {
  assert(hash >= 0);
  auto it = std::upper_bound(begins_.begin(), begins_.end(), hash);
  return static_cast<int>(it - begins_.begin()) - 1;
}

bool PartitionMap::can_split(int i) const { return hash_midpoint(begin(i), end(i)).has_value(); }

void PartitionMap::split(int i) {
  assert(can_split(i));
  split_at(i, *hash_midpoint(begin(i), end(i)));
}

void PartitionMap::split_at(int i, std::int64_t at) {
  assert(begin(i) < at && (i + 1 == size() || at < end(i)));
  begins_.insert(begins_.begin() + i + 1, at);
}

void PartitionMap::split_all() {
  for (int i = size() - 1; i >= 0; --i) {
    if (can_split(i)) split(i);
  }
}

}  // namespace drydock::storage::throughput
