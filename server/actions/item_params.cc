#include "server/actions/item_params.h"

#include <array>

namespace drydock::server::actions {

model::Result<ItemRequest> read_item_request(const JsonValue& req, Validation& v) {
  ItemRequest r;
  auto name = read_string(req, "TableName");
  if (!name) return std::unexpected(name.error());
  auto rv = read_string(req, "ReturnValues");
  if (!rv) return std::unexpected(rv.error());
  auto rcc = read_string(req, "ReturnConsumedCapacity");
  if (!rcc) return std::unexpected(rcc.error());
  auto ricm = read_string(req, "ReturnItemCollectionMetrics");
  if (!ricm) return std::unexpected(ricm.error());
  r.table_name = *name;
  r.return_values = *rv;
  r.return_consumed_capacity = *rcc;
  r.return_item_collection_metrics = *ricm;

  v.name(r.table_name, "TableName", "tableName");
  static constexpr std::array<std::string_view, 5> kReturnValues = {
      "ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"};
  v.enum_value(r.return_values, "returnValues", kReturnValues,
               "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
  static constexpr std::array<std::string_view, 3> kCapacity = {"INDEXES", "TOTAL", "NONE"};
  v.enum_value(r.return_consumed_capacity, "returnConsumedCapacity", kCapacity,
               "[INDEXES, TOTAL, NONE]");
  static constexpr std::array<std::string_view, 2> kMetrics = {"SIZE", "NONE"};
  v.enum_value(r.return_item_collection_metrics, "returnItemCollectionMetrics", kMetrics,
               "[SIZE, NONE]");
  if (r.return_consumed_capacity) {
    r.capacity = parse_capacity_detail(*r.return_consumed_capacity).value_or(CapacityDetail::NONE);
  }
  return r;
}

model::Result<void> reject_unsupported(const JsonValue& req,
                                       std::initializer_list<const char*> names) {
  for (const char* name : names) {
    auto it = req.FindMember(name);
    if (it != req.MemberEnd() && !it->value.IsNull()) {
      return model::fail_validation(std::string("The parameter ") + name +
                                    " is not supported by this version of drydock");
    }
  }
  return {};
}

}  // namespace drydock::server::actions
