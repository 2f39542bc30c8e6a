// Capacity arithmetic as DynamoDB documents it: reads in 4 KB units (halved for eventually
// consistent reads), writes in 1 KB units, each rounded up, at least one unit.
#pragma once

#include <cstddef>

namespace drydock::storage {

constexpr std::size_t kReadUnitBytes = 4096;
constexpr std::size_t kWriteUnitBytes = 1024;

inline double read_units(std::size_t bytes, bool consistent) {
  std::size_t units = bytes == 0 ? 1 : (bytes + kReadUnitBytes - 1) / kReadUnitBytes;
  return consistent ? static_cast<double>(units) : static_cast<double>(units) / 2.0;
}

inline double write_units(std::size_t bytes) {
  std::size_t units = bytes == 0 ? 1 : (bytes + kWriteUnitBytes - 1) / kWriteUnitBytes;
  return static_cast<double>(units);
}

}  // namespace drydock::storage
