#include "storage/throughput/table_throughput.h"

#include <utility>

namespace drydock::storage::throughput {

namespace {

std::string index_arn(const std::string& table_arn, const std::string& index) {
  return table_arn + "/index/" + index;
}

}  // namespace

TableThroughput::TableThroughput(const TableInfo& info, std::int64_t size_bytes,
                                 const ThroughputOptions& options, const Clock& clock,
                                 RangeBytesFn range_bytes)
    : clock_(&clock),
      options_(options),
      enforce_(options.enforce),
      arn_(info.arn),
      table_(info.name, info.arn, false, info.billing_mode, info.throughput, size_bytes, options,
             clock.now(), range_bytes) {
  global_.reserve(info.global_indexes.size());
  for (const auto& g : info.global_indexes) {
    global_.emplace_back(g.name, index_arn(arn_, g.name), true, info.billing_mode, g.throughput, 0,
                         options_, clock_->now());
  }
}

ResourceThroughput* TableThroughput::global_index(std::string_view name) {
  for (auto& g : global_) {
    if (g.name() == name) return &g;
  }
  return nullptr;
}

std::int64_t TableThroughput::index_hash(const IndexWriteCost& cost) {
  // A write that moves the entry between index keys is charged where the entry lands.
  return cost.new_hash >= 0 ? cost.new_hash : cost.old_hash;
}

std::unexpected<model::Error> TableThroughput::refuse(Throttle throttle) {
  auto error = throttle.error();
  last_throttle_ = std::move(throttle);
  return std::unexpected(std::move(error));
}

model::Result<void> TableThroughput::admit_read(std::int64_t hash) {
  if (!enforce_) return {};
  if (auto t = table_.admit(Operation::kRead, hash, clock_->now())) return refuse(std::move(*t));
  return {};
}

void TableThroughput::debit_read(std::int64_t hash, double units) {
  if (!enforce_) {
    table_.record(Operation::kRead, hash, units);
    return;
  }
  table_.debit(Operation::kRead, hash, units, clock_->now());
}

model::Result<void> TableThroughput::charge_read(std::int64_t hash, double units) {
  if (auto ok = admit_read(hash); !ok) return ok;
  debit_read(hash, units);
  return {};
}

model::Result<void> TableThroughput::admit_index_read(std::string_view index, std::int64_t hash) {
  if (!enforce_) return {};
  ResourceThroughput* g = global_index(index);
  if (!g) return {};
  if (auto t = g->admit(Operation::kRead, hash, clock_->now())) return refuse(std::move(*t));
  return {};
}

void TableThroughput::debit_index_read(std::string_view index, std::int64_t hash, double units) {
  ResourceThroughput* g = global_index(index);
  if (!g) return;
  if (!enforce_) {
    g->record(Operation::kRead, hash, units);
    return;
  }
  g->debit(Operation::kRead, hash, units, clock_->now());
}

model::Result<void> TableThroughput::admit_write(std::int64_t hash,
                                                 std::span<const IndexWriteCost> index_costs) {
  if (!enforce_) return {};
  Micros now = clock_->now();
  if (auto t = table_.admit(Operation::kWrite, hash, now)) return refuse(std::move(*t));
  for (const auto& cost : index_costs) {
    if (!cost.index || !cost.index->global) continue;
    ResourceThroughput* g = global_index(cost.index->name);
    if (!g) continue;
    if (auto t = g->admit(Operation::kWrite, index_hash(cost), now)) return refuse(std::move(*t));
  }
  return {};
}

void TableThroughput::debit_write(std::int64_t hash, double table_units,
                                  std::span<const IndexWriteCost> index_costs) {
  double units = table_units;
  for (const auto& cost : index_costs) {
    if (cost.index && !cost.index->global) units += cost.units;
  }
  Micros now = enforce_ ? clock_->now() : 0;
  if (enforce_) {
    table_.debit(Operation::kWrite, hash, units, now);
  } else {
    table_.record(Operation::kWrite, hash, units);
  }
  for (const auto& cost : index_costs) {
    if (!cost.index || !cost.index->global) continue;
    ResourceThroughput* g = global_index(cost.index->name);
    if (!g) continue;
    if (enforce_) {
      g->debit(Operation::kWrite, index_hash(cost), cost.units, now);
    } else {
      g->record(Operation::kWrite, index_hash(cost), cost.units);
    }
  }
}

model::Result<void> TableThroughput::charge_write(std::int64_t hash, double table_units,
                                                  std::span<const IndexWriteCost> index_costs) {
  if (auto ok = admit_write(hash, index_costs); !ok) return ok;
  debit_write(hash, table_units, index_costs);
  return {};
}

void TableThroughput::on_item_written(std::int64_t hash, std::int64_t old_bytes,
                                      std::int64_t new_bytes) {
  if (old_bytes != new_bytes) table_.add_bytes(hash, new_bytes - old_bytes);
}

void TableThroughput::reconfigure(const TableInfo& info) {
  Micros now = clock_->now();
  arn_ = info.arn;
  table_.reconfigure(info.billing_mode, info.throughput, now);
  std::vector<ResourceThroughput> next;
  next.reserve(info.global_indexes.size());
  for (const auto& g : info.global_indexes) {
    if (ResourceThroughput* existing = global_index(g.name)) {
      existing->reconfigure(info.billing_mode, g.throughput, now);
      next.push_back(std::move(*existing));
    } else {
      next.emplace_back(g.name, index_arn(arn_, g.name), true, info.billing_mode, g.throughput, 0,
                        options_, now);
    }
  }
  global_ = std::move(next);
}

TableThroughputState TableThroughput::state() const {
  Micros now = clock_->now();
  TableThroughputState s;
  s.enforcing = enforce_;
  s.table = table_.state(now);
  for (const auto& g : global_) s.global_indexes.push_back(g.state(now));
  return s;
}

}  // namespace drydock::storage::throughput
