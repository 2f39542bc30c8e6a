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
                                  const storage::Table& table, bool is_query) {
  const JsonValue& req = ctx.request;
  const storage::TableInfo& info = table.info();
  ReadPlan plan;
  if (options.index_name) {
    for (const auto* list : {&info.local_indexes, &info.global_indexes}) {
      for (const auto& i : *list) {
        if (i.name == *options.index_name) plan.index = &i;
      }
    }
    if (!plan.index) {
      return model::fail_validation("The table does not have the specified index: " +
                                    std::string(*options.index_name));
    }
    if (plan.index->global && options.consistent) {
      return model::fail_validation(
          "Consistent reads are not supported on global secondary indexes");
    }
    if (plan.index->backfilling) {
      return model::fail_validation("Cannot read from backfilling global secondary index: " +
                                    plan.index->name);
    }
  }
  if (auto r = reject_unsupported(req, {"FilterExpression", "ProjectionExpression",
                                        "AttributesToGet", "QueryFilter", "ScanFilter",
                                        "KeyConditionExpression"});
      !r) {
    return std::unexpected(r.error());
  }
  // DynamoDB's default: every attribute of a table, every projected attribute of an index.
  plan.select = plan.index ? Select::ALL_PROJECTED_ATTRIBUTES : Select::ALL_ATTRIBUTES;
  if (options.select) {
    std::string_view s = *options.select;
    if (s == "COUNT") plan.select = Select::COUNT;
    if (s == "ALL_ATTRIBUTES") plan.select = Select::ALL_ATTRIBUTES;
    if (s == "ALL_PROJECTED_ATTRIBUTES") {
      if (!plan.index) {
        return model::fail_validation(
            "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is "
            "not compatible with table. Index must be specified.");
      }
      plan.select = Select::ALL_PROJECTED_ATTRIBUTES;
    }
    if (s == "SPECIFIC_ATTRIBUTES") {
      return model::fail_validation(
          "One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires "
          "AttributesToGet or ProjectionExpression");
    }
  }
  if (plan.index && plan.select == Select::ALL_ATTRIBUTES &&
      plan.index->projection.type != storage::ProjectionType::ALL) {
    if (plan.index->global) {
      return model::fail_validation(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
          "for global secondary index " + plan.index->name +
          " because its projection type is not ALL");
    }
    plan.fetch_from_table = true;  // an LSI reads the rest from its table
  }
  if (is_query) {
    const storage::KeySchema& key = plan.index ? plan.index->key : info.key;
    auto legacy = read_object(req, "KeyConditions");
    if (!legacy) return std::unexpected(legacy.error());
    if (!*legacy) {
      return model::fail_validation(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
          "request.");
    }
    auto condition = key_condition_from_legacy(**legacy, key);
    if (!condition) return std::unexpected(condition.error());
    plan.key_condition = std::move(*condition);
  }
  return plan;
}

PageSpec page_spec(ActionContext& ctx, const ReadOptions& options, storage::Table& table,
                   const ReadPlan& plan) {
  PageSpec spec;
  spec.limit = options.limit;
  spec.filter = plan.filter;
  spec.key_schemas.push_back(&table.info().key);
  if (plan.index) spec.key_schemas.push_back(&plan.index->key);
  if (plan.fetch_from_table) {
    storage::Database& db = ctx.db;
    storage::Table* t = &table;
    spec.fetch = [&db, t](std::string_view tpk, std::string_view tsk) {
      return db.get_item_by_stored(*t, tpk, tsk);
    };
  }
  return spec;
}

void finish_page(Page& page, const ReadPlan& plan) {
  if (!plan.project) return;
  for (auto& item : page.items) item = plan.project(item);
}

}  // namespace drydock::server::actions
