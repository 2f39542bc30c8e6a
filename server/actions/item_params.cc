#include "server/actions/item_params.h"

#include <array>
#include <cctype>
#include <string>

#include "expr/evaluate.h"

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

model::Result<bool> read_return_on_condition_failure(const JsonValue& req) {
  auto value = read_string(req, "ReturnValuesOnConditionCheckFailure");
  if (!value) return std::unexpected(value.error());
  if (!*value) return false;
  if (**value == "ALL_OLD") return true;
  if (**value == "NONE") return false;
  return model::fail_validation(
      "1 validation error detected: Value '" + std::string(**value) +
      "' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must "
      "satisfy enum value set: [ALL_OLD, NONE]");
}

model::Result<void> check_condition(const std::optional<expr::Condition>& condition,
                                    const model::Item* old, bool return_old) {
  if (!condition || expr::evaluate(*condition, old)) return {};
  std::shared_ptr<const model::AttributeMap> item;
  if (return_old && old) item = std::make_shared<const model::AttributeMap>(*old);
  return std::unexpected(model::Error::condition_failed(std::move(item)));
}

model::Result<PlainWriteRequest> read_plain_write(ActionContext& ctx, const char* member,
                                                  ExprOperation op) {
  const JsonValue& req = ctx.request;
  PlainWriteRequest out;
  Validation v;
  auto common = read_item_request(req, v);
  if (!common) return std::unexpected(common.error());
  out.common = *common;
  auto json = read_object(req, member);
  if (!json) return std::unexpected(json.error());
  std::string lower(member);
  lower[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[0])));
  v.not_null(*json != nullptr, lower);
  if (auto r = v.result(); !r) return std::unexpected(r.error());
  auto on_failure = read_return_on_condition_failure(req);
  if (!on_failure) return std::unexpected(on_failure.error());
  out.return_old_on_failure = *on_failure;
  auto values = decode_map(**json);
  if (!values) return std::unexpected(values.error());
  out.values = std::move(*values);
  if (out.common.return_values && *out.common.return_values != "NONE" &&
      *out.common.return_values != "ALL_OLD") {
    return model::fail_validation("ReturnValues can only be ALL_OLD or NONE");
  }
  auto exprs = RequestExpressions::read(req, op);
  if (!exprs) return std::unexpected(exprs.error());
  out.expressions.emplace(std::move(*exprs));
  auto condition = out.expressions->condition();
  if (!condition) return std::unexpected(condition.error());
  out.condition = std::move(*condition);
  if (auto r = out.expressions->check_unused(); !r) return std::unexpected(r.error());
  auto table = require_table(ctx, *out.common.table_name);
  if (!table) return std::unexpected(table.error());
  out.table = *table;
  return out;
}

}  // namespace drydock::server::actions
