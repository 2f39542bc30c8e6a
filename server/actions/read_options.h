// Query and Scan options (Select, Limit, ConsistentRead, IndexName, filters, projections)
// and the read plan built from them: which key range, which filter, which projection.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "server/action.h"
#include "server/actions/key_condition.h"
#include "server/actions/read_common.h"
#include "server/validation.h"

namespace drydock::server::actions {

struct ReadOptions {
  std::optional<std::string_view> index_name;
  std::optional<std::string_view> select;
  std::optional<std::int64_t> limit;
  bool consistent = false;
};

model::Result<ReadOptions> read_read_options(const JsonValue& req, Validation& v);

struct ReadPlan {
  Select select = Select::ALL_ATTRIBUTES;
  std::function<model::Result<bool>(const model::Item&)> filter;
  std::function<model::Item(const model::Item&)> project;  // absent: whole items
  std::optional<KeyCondition> key_condition;                // Query only
};

// Resolves the request's expressions (or their legacy forms) against the table. For a
// Query, key_schema is the schema the key condition must address.
model::Result<ReadPlan> plan_read(ActionContext& ctx, const ReadOptions& options,
                                  const storage::TableInfo& info,
                                  const storage::KeySchema* query_key);

// Applies the plan's projection to the page's items.
void finish_page(Page& page, const ReadPlan& plan);

}  // namespace drydock::server::actions
