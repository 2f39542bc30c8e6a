#include "server/actions/capacity.h"

#include "model/item_size.h"
#include "storage/indexes.h"

namespace drydock::server::actions {
namespace {

namespace tp = storage::throughput;

std::int64_t size_of(const model::Item* item) {
  return item ? static_cast<std::int64_t>(model::item_size(*item)) : 0;
}

void key(JsonWriter& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}

void write_units(JsonWriter& w, double units) {
  w.StartObject();
  key(w, "CapacityUnits");
  w.Double(units);
  w.EndObject();
}

void write_index_map(JsonWriter& w, std::string_view field,
                     const std::vector<tp::IndexCapacity>& list) {
  if (list.empty()) return;
  key(w, field);
  w.StartObject();
  for (const auto& i : list) {
    key(w, i.name);
    write_units(w, i.capacity.total());
  }
  w.EndObject();
}

}  // namespace

std::optional<CapacityDetail> parse_capacity_detail(std::string_view text) {
  if (text == "NONE") return CapacityDetail::NONE;
  if (text == "TOTAL") return CapacityDetail::TOTAL;
  if (text == "INDEXES") return CapacityDetail::INDEXES;
  return std::nullopt;
}

bool is_throttle(const model::Error& error) {
  return error.code == model::ErrorCode::ProvisionedThroughputExceededException ||
         error.code == model::ErrorCode::ThrottlingException;
}

TableCharge::TableCharge(storage::Table& table, CapacityDetail detail)
    : table_(&table),
      detail_(detail),
      active_(detail != CapacityDetail::NONE || table.throughput().enforcing()) {
  if (detail_ != CapacityDetail::NONE) consumed_ = tp::ConsumedCapacity(table.info().name);
}

model::Result<void> TableCharge::admit_item_read(std::int64_t hash) {
  if (!active_) return {};
  return table_->throughput().admit_read(hash);
}

void TableCharge::item_read(std::int64_t hash, const model::Item* item, bool consistent) {
  if (!active_) return;
  double units = tp::item_read_units(size_of(item), read_mode(consistent));
  table_->throughput().debit_read(hash, units);
  consumed_.add_table_read(units);
}

model::Result<void> TableCharge::admit_range_read(const storage::IndexInfo* index,
                                                  std::int64_t hash) {
  if (!active_) return {};
  if (index && index->global) return table_->throughput().admit_index_read(index->name, hash);
  return table_->throughput().admit_read(hash);  // local indexes share the table's throughput
}

void TableCharge::range_read(const storage::IndexInfo* index, std::int64_t hash,
                             const tp::RangeReadMeter& meter, bool consistent) {
  if (!active_) return;
  auto mode = read_mode(consistent);
  double rows = meter.row_units(mode);
  double fetches = meter.fetch_units(mode);
  if (index && index->global) {
    table_->throughput().debit_index_read(index->name, hash, rows);
    consumed_.add_index_read(index->name, true, rows);
    return;
  }
  table_->throughput().debit_read(hash, rows + fetches);
  if (index) {
    // The index entries are charged to the index, the items fetched from the table to the table
    // (DynamoDB Local 1.25.1 reports the same split).
    consumed_.add_index_read(index->name, false, rows);
    consumed_.add_table_read(fetches);
  } else {
    consumed_.add_table_read(rows);
  }
}

model::Result<void> TableCharge::write(std::int64_t hash, const model::Item* old_item,
                                       const model::Item* new_item) {
  if (!active_) return {};
  double units = tp::item_write_units(size_of(old_item), size_of(new_item));
  costs_.clear();
  const auto& info = table_->info();
  if (!info.local_indexes.empty() || !info.global_indexes.empty()) {
    // An item the indexes refuse (a mistyped index key) is a ValidationException, not a
    // write: it consumes nothing. (The storage checks it again; the check is cheap.)
    if (new_item) {
      if (auto c = storage::check_index_keys(info, *new_item); !c) return c;
    }
    tp::index_write_costs(info, old_item, new_item, costs_);
  }
  if (auto r = table_->throughput().charge_write(hash, units, costs_); !r) return r;
  if (detail_ == CapacityDetail::NONE) return {};
  consumed_.add_table_write(units);
  for (const auto& cost : costs_) {
    consumed_.add_index_write(cost.index->name, cost.index->global, cost.units);
  }
  return {};
}

model::Result<void> TableCharge::condition_failed(std::int64_t hash, const model::Item* old_item,
                                                  std::int64_t new_bytes) {
  if (!active_) return {};
  double units = tp::condition_failed_write_units(size_of(old_item), new_bytes);
  if (auto r = table_->throughput().charge_write(hash, units); !r) return r;
  consumed_.add_table_write(units);
  return {};
}

void TableCharge::write_object(JsonWriter& w) const {
  w.StartObject();
  key(w, "TableName");
  write_string(w, consumed_.table_name());
  key(w, "CapacityUnits");
  w.Double(consumed_.total().total());
  if (detail_ == CapacityDetail::INDEXES) {
    key(w, "Table");
    write_units(w, consumed_.table().total());
    write_index_map(w, "LocalSecondaryIndexes", consumed_.local_indexes());
    write_index_map(w, "GlobalSecondaryIndexes", consumed_.global_indexes());
  }
  w.EndObject();
}

void TableCharge::write_member(JsonWriter& w) const {
  if (detail_ == CapacityDetail::NONE) return;
  key(w, "ConsumedCapacity");
  write_object(w);
}

}  // namespace drydock::server::actions
