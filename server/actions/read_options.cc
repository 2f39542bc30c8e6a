#include "server/actions/read_options.h"

#include <array>

#include "server/actions/item_params.h"

namespace drydock::server::actions {

model::Result<ReadOptions> read_read_options(const JsonValue& req, Validation& v) {
  ReadOptions o;
  auto index = read_string(req, "IndexName");
  if (!index) return std::unexpected(index.error());
  auto select = read_string(req, "Select");
  if (!select) return std::unexpected(select.error());
  auto limit = read_long(req, "Limit", "Integer");
  if (!limit) return std::unexpected(limit.error());
  auto consistent = read_bool(req, "ConsistentRead");
  if (!consistent) return std::unexpected(consistent.error());
  o.index_name = *index;
  o.select = *select;
  o.limit = *limit;
  o.consistent = consistent->value_or(false);
  v.name(o.index_name, "IndexName", "indexName", false);
  static constexpr std::array<std::string_view, 4> kSelect = {
      "SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"};
  v.enum_value(o.select, "select", kSelect,
               "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
  v.min_value(o.limit, "limit", 1);
  return o;
}

model::Result<ReadPlan> plan_read(ActionContext& ctx, const ReadOptions& options,
                                  const storage::TableInfo& info,
                                  const storage::KeySchema* query_key) {
  const JsonValue& req = ctx.request;
  ReadPlan plan;
  if (options.index_name) {
    bool defined = false;
    for (const auto* list : {&info.local_indexes, &info.global_indexes}) {
      for (const auto& i : *list) defined = defined || i.name == *options.index_name;
    }
    if (!defined) {
      return model::fail_validation("The table does not have the specified index: " +
                                    std::string(*options.index_name));
    }
    // Index reads arrive with index maintenance (issue #5).
    return model::fail_validation(
        "Queries and scans on secondary indexes are not supported by this version of drydock");
  }
  if (auto r = reject_unsupported(req, {"FilterExpression", "ProjectionExpression",
                                        "AttributesToGet", "QueryFilter", "ScanFilter",
                                        "KeyConditionExpression"});
      !r) {
    return std::unexpected(r.error());
  }
  if (options.select) {
    std::string_view s = *options.select;
    if (s == "COUNT") plan.select = Select::COUNT;
    if (s == "ALL_PROJECTED_ATTRIBUTES") {
      return model::fail_validation(
          "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is "
          "not compatible with table. Index must be specified.");
    }
    if (s == "SPECIFIC_ATTRIBUTES") {
      return model::fail_validation(
          "One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires "
          "AttributesToGet or ProjectionExpression");
    }
  }
  if (query_key) {
    auto legacy = read_object(req, "KeyConditions");
    if (!legacy) return std::unexpected(legacy.error());
    if (!*legacy) {
      return model::fail_validation(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
          "request.");
    }
    auto condition = key_condition_from_legacy(**legacy, *query_key);
    if (!condition) return std::unexpected(condition.error());
    plan.key_condition = std::move(*condition);
  }
  return plan;
}

void finish_page(Page& page, const ReadPlan& plan) {
  if (!plan.project) return;
  for (auto& item : page.items) item = plan.project(item);
}

}  // namespace drydock::server::actions
