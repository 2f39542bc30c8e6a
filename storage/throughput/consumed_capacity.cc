#include "storage/throughput/consumed_capacity.h"

namespace drydock::storage::throughput {

Capacity ConsumedCapacity::total() const {
  Capacity sum = table_;
  for (const auto& i : local_) sum += i.capacity;
  for (const auto& i : global_) sum += i.capacity;
  return sum;
}

Capacity& ConsumedCapacity::index_entry(std::string_view name, bool global) {
  auto& list = global ? global_ : local_;
  for (auto& i : list) {
    if (i.name == name) return i.capacity;
  }
  list.push_back(IndexCapacity{std::string(name), {}});
  return list.back().capacity;
}

void ConsumedCapacity::add_index_read(std::string_view index, bool global, double units) {
  if (units > 0) index_entry(index, global).read += units;
}

void ConsumedCapacity::add_index_write(std::string_view index, bool global, double units) {
  if (units > 0) index_entry(index, global).write += units;
}

void ConsumedCapacity::add(const ConsumedCapacity& other) {
  if (table_name_.empty()) table_name_ = other.table_name_;
  table_ += other.table_;
  for (const auto& i : other.local_) {
    if (i.capacity.total() > 0) index_entry(i.name, false) += i.capacity;
  }
  for (const auto& i : other.global_) {
    if (i.capacity.total() > 0) index_entry(i.name, true) += i.capacity;
  }
}

const Capacity* ConsumedCapacity::index(std::string_view name, bool global) const {
  for (const auto& i : global ? global_ : local_) {
    if (i.name == name) return &i.capacity;
  }
  return nullptr;
}

}  // namespace drydock::storage::throughput
