#include "storage/throughput/capacity_units.h"

#include <algorithm>

namespace drydock::storage::throughput {

namespace {

std::int64_t blocks(std::int64_t bytes, std::int64_t block) {
  if (bytes <= 0) return 1;
  return (bytes + block - 1) / block;
}

}  // namespace

std::int64_t read_blocks(std::int64_t bytes) { return blocks(bytes, kReadBlockBytes); }
std::int64_t write_blocks(std::int64_t bytes) { return blocks(bytes, kWriteBlockBytes); }

double read_units_for_blocks(std::int64_t n, ReadMode mode) {
  double units = static_cast<double>(n);
  switch (mode) {
    case ReadMode::kEventual:
      return units / 2.0;
    case ReadMode::kStrong:
      return units;
    case ReadMode::kTransactional:
      return units * 2.0;
  }
  return units;
}

double item_read_units(std::int64_t item_bytes, ReadMode mode) {
  return read_units_for_blocks(read_blocks(item_bytes), mode);
}

double range_read_units(std::int64_t total_bytes, ReadMode mode) {
  return read_units_for_blocks(read_blocks(total_bytes), mode);
}

double item_write_units(std::int64_t old_bytes, std::int64_t new_bytes, bool transactional) {
  double units = static_cast<double>(write_blocks(std::max(old_bytes, new_bytes)));
  return transactional ? units * 2.0 : units;
}

double condition_failed_write_units(std::int64_t existing_bytes, std::int64_t new_bytes) {
  if (existing_bytes <= 0) return 1.0;
  return item_write_units(existing_bytes, new_bytes);
}

}  // namespace drydock::storage::throughput
