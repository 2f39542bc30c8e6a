#include "server/actions/read_options.h"

#include <array>

#include "server/actions/expressions.h"
#include "server/actions/item_params.h"

#include <algorithm>

namespace drydock::server::actions {

namespace {

// Attributes an index holds: the table and index keys and the projected ones.
bool index_holds(const storage::TableInfo& info, const storage::IndexInfo& index,
                 const std::string& name) {
  if (index.projection.type == storage::ProjectionType::ALL) return true;
  if (name == info.key.hash.name || (info.key.range && name == info.key.range->name)) return true;
  const auto& k = index.key;
  if (name == k.hash.name || (k.range && name == k.range->name)) return true;
  const auto& nk = index.projection.non_key_attributes;
  return std::find(nk.begin(), nk.end(), name) != nk.end();
}

void collect_attributes(const expr::Operand& op, std::vector<std::string>& out) {
  if (op.kind == expr::Operand::Kind::Path && !op.path.elements.empty()) {
    out.push_back(op.path.attribute());
  }
  for (const auto& a : op.args) collect_attributes(a, out);
}

void collect_attributes(const expr::Condition& c, std::vector<std::string>& out) {
  for (const auto& op : c.operands) collect_attributes(op, out);
  for (const auto& child : c.children) collect_attributes(child, out);
}

}  // namespace

model::Result<ReadOptions> read_read_options(const JsonValue& req, Validation& v, bool is_query) {
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
  v.index_name(o.index_name, "indexName", false);
  static constexpr std::array<std::string_view, 4> kSelect = {
      "SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"};
  v.enum_value(o.select, "select", kSelect,
               "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
  if (is_query) {
    // Query's validator names the member as sent and leaves the value out (recorded from
    // DynamoDB); Scan's still writes "Value '0' at 'limit'" in most regions.
    if (o.limit && *o.limit < 1) {
      v.violation("", "Limit", "Member must have value greater than or equal to 1");
    }
  } else {
    v.min_value(o.limit, "limit", 1);
  }
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
  auto exprs = RequestExpressions::read(req, is_query ? ExprOperation::Query : ExprOperation::Scan);
  if (!exprs) return std::unexpected(exprs.error());
  const storage::KeySchema& queried = plan.index ? plan.index->key : info.key;
  if (is_query) {
    auto condition = exprs->key_condition(queried);
    if (!condition) return std::unexpected(condition.error());
    if (!*condition) {
      return model::fail_validation(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
          "request.");
    }
    plan.key_condition = std::move(**condition);
  }
  auto filter = exprs->filter();
  if (!filter) return std::unexpected(filter.error());
  auto projection = exprs->projection();
  if (!projection) return std::unexpected(projection.error());
  if (auto r = exprs->check_unused(); !r) return std::unexpected(r.error());
  if (is_query && *filter) {
    if (auto r = expr::check_filter_keys(**filter, to_expr_schema(queried)); !r) {
      model::Error e = r.error();
      // The legacy parameter names itself in the same message.
      if (req.HasMember("QueryFilter") && e.message.starts_with("Filter Expression")) {
        e.message.replace(0, std::string_view("Filter Expression").size(), "QueryFilter");
      }
      return std::unexpected(std::move(e));
    }
  }

  // Select against the projection; Query's messages carry the validation prefix.
  std::string prefix = is_query ? "1 validation error detected: " : "";
  bool has_projection = projection->has_value();
  std::string projection_param =
      req.HasMember("AttributesToGet") ? "AttributesToGet" : "ProjectionExpression";
  // DynamoDB's default: every attribute of a table, every projected attribute of an index,
  // the listed attributes when a projection is given.
  plan.select = has_projection ? Select::SPECIFIC_ATTRIBUTES
                : plan.index   ? Select::ALL_PROJECTED_ATTRIBUTES
                               : Select::ALL_ATTRIBUTES;
  if (options.select) {
    std::string_view s = *options.select;
    if (s == "COUNT") {
      if (has_projection) {
        return model::fail_validation(prefix + "Cannot specify the " + projection_param +
                                      " when choosing to get only the Count");
      }
      plan.select = Select::COUNT;
    } else if (s == "ALL_ATTRIBUTES") {
      if (has_projection) {
        return model::fail_validation(prefix + "Cannot specify the " + projection_param +
                                      " when choosing to get ALL_ATTRIBUTES");
      }
      plan.select = Select::ALL_ATTRIBUTES;
    } else if (s == "ALL_PROJECTED_ATTRIBUTES") {
      if (!plan.index) {
        return model::fail_validation(
            prefix + "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
      }
      if (has_projection) {
        return model::fail_validation(prefix + "Cannot specify the " + projection_param +
                                      " when choosing to get ALL_PROJECTED_ATTRIBUTES");
      }
      plan.select = Select::ALL_PROJECTED_ATTRIBUTES;
    } else if (s == "SPECIFIC_ATTRIBUTES") {
      if (!has_projection) {
        return model::fail_validation(
            prefix +
            "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
            "SPECIFIC_ATTRIBUTES");
      }
    }
  }
  if (plan.index && plan.index->projection.type != storage::ProjectionType::ALL && *filter) {
    // A filter may only read what the index holds (LSIs included: the filter runs on the
    // index entry).
    std::vector<std::string> names;
    collect_attributes(**filter, names);
    std::vector<std::string> missing;
    for (const auto& n : names) {
      if (!index_holds(info, *plan.index, n) &&
          std::find(missing.begin(), missing.end(), n) == missing.end()) {
        missing.push_back(n);
      }
    }
    if (!missing.empty()) {
      std::string list = "[";
      for (std::size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
      return model::fail_validation(
          "One or more parameter values were invalid: Secondary index " + plan.index->name +
          " does not project one or more filter attributes: " + list + "]");
    }
  }
  if (plan.index && plan.index->projection.type != storage::ProjectionType::ALL) {
    bool beyond = plan.select == Select::ALL_ATTRIBUTES;
    if (has_projection) {
      for (const auto& path : (*projection)->paths) {
        beyond = beyond || !index_holds(info, *plan.index, path.attribute());
      }
    }
    if (beyond) {
      if (plan.index->global) {
        if (plan.select == Select::ALL_ATTRIBUTES) {
          return model::fail_validation(
              "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
              "supported for global secondary index " + plan.index->name +
              " because its projection type is not ALL");
        }
        return model::fail_validation(
            "One or more parameter values were invalid: Global secondary index " +
            plan.index->name + " does not project one or more of the requested attributes");
      }
      plan.fetch_from_table = true;  // an LSI reads the rest from its table
    }
  }
  if (*filter) {
    plan.filter = [condition = std::move(**filter)](const model::Item& item) {
      return model::Result<bool>(expr::evaluate(condition, &item));
    };
  }
  if (*projection) {
    plan.project = [p = std::move(**projection)](const model::Item& item) {
      return expr::project(p, item);
    };
  }
  return plan;
}

PageSpec page_spec(ActionContext& ctx, const ReadOptions& options, storage::Table& table,
                   const ReadPlan& plan) {
  PageSpec spec;
  spec.limit = options.limit;
  spec.filter = plan.filter;
  spec.pass_through = !plan.filter && !plan.fetch_from_table && !plan.project;
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
