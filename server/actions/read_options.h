// Query and Scan options (Select, Limit, ConsistentRead, IndexName, filters, projections)
// and the read plan built from them: which key range, which filter, which projection.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "server/action.h"
#include "expr/key_condition.h"
#include "server/actions/read_common.h"
#include "server/validation.h"

namespace drydock::server::actions {

struct ReadOptions {
  std::optional<std::string_view> index_name;
  std::optional<std::string_view> select;
  std::optional<std::int64_t> limit;
  bool consistent = false;
};

model::Result<ReadOptions> read_read_options(const JsonValue& req, Validation& v, bool is_query);

struct ReadPlan {
  const storage::IndexInfo* index = nullptr;  // the index read, or nullptr for the table
  bool fetch_from_table = false;               // LSI: attributes beyond its projection
  Select select = Select::ALL_ATTRIBUTES;
  std::function<model::Result<bool>(const model::Item&)> filter;
  std::function<model::Item(const model::Item&)> project;  // absent: whole items
  std::optional<expr::KeyCondition> key_condition;          // Query only
};

// Resolves the index, Select, and the request's expressions (or their legacy forms)
// against the table. `is_query` adds the key condition.
model::Result<ReadPlan> plan_read(ActionContext& ctx, const ReadOptions& options,
                                  const storage::Table& table, bool is_query);

// The PageSpec of a plan: limit, filter, LastEvaluatedKey schemas, LSI fetches.
PageSpec page_spec(ActionContext& ctx, const ReadOptions& options, storage::Table& table,
                   const ReadPlan& plan);

// Applies the plan's projection to the page's items.
void finish_page(Page& page, const ReadPlan& plan);

}  // namespace drydock::server::actions
