// Query: one partition key, an optional sort-key condition, read as one indexed range scan
// in sort-key order (either direction), a page at a time.
#include "server/actions/actions.h"
#include "server/actions/item_params.h"
#include "server/actions/key_condition.h"
#include "server/actions/read_common.h"
#include "server/actions/read_options.h"

namespace drydock::server::actions {

model::Result<void> query(ActionContext& ctx) {
  const JsonValue& req = ctx.request;
  Validation v;
  auto common = read_item_request(req, v);
  if (!common) return std::unexpected(common.error());
  auto options = read_read_options(req, v, true);
  if (!options) return std::unexpected(options.error());
  auto forward = read_bool(req, "ScanIndexForward");
  if (!forward) return std::unexpected(forward.error());
  if (auto r = v.result(); !r) return r;

  auto table = require_table(ctx, *common->table_name);
  if (!table) return std::unexpected(table.error());
  const auto& info = (*table)->info();
  auto plan = plan_read(ctx, *options, **table, true);
  if (!plan) return std::unexpected(plan.error());
  const storage::KeySchema& key = plan->index ? plan->index->key : info.key;
  auto range = query_range(*plan->key_condition, key, forward->value_or(true));
  if (!range) return std::unexpected(range.error());

  auto start = read_exclusive_start_key(req, info, plan->index, true);
  if (!start) return std::unexpected(start.error());
  if (*start) {
    const auto& k = **start;
    std::string_view start_pk = plan->index ? k.index_key->ipk : k.table_key.pk;
    std::string_view start_sk = plan->index ? k.index_key->isk : k.table_key.sk;
    bool in_sort_range =
        (!range->lower || (range->lower->inclusive ? start_sk >= range->lower->value
                                                   : start_sk > range->lower->value)) &&
        (!range->upper || (range->upper->inclusive ? start_sk <= range->upper->value
                                                   : start_sk < range->upper->value));
    bool has_sort_condition = range->lower || range->upper;
    if (start_pk != range->pk) {
      return model::fail_validation(
          has_sort_condition && in_sort_range
              ? "The query can return at most one row and cannot be restarted"
              : "The provided starting key is outside query boundaries based on provided "
                "conditions");
    }
    if (!in_sort_range) {
      return model::fail_validation(
          "The provided starting key does not match the range key predicate");
    }
    if (plan->index) {
      range->index_start = k.index_key;
    } else {
      range->exclusive_start_sk = k.table_key.sk;
    }
  }

  // A Query is charged to the partition of its partition key (the index's, on an index).
  TableCharge charge(**table, common->capacity);
  if (auto a = charge.admit_range_read(plan->index, range->hash); !a) return a;
  Page page;
  page.keep_items = plan->select != Select::COUNT;
  PageSpec spec = page_spec(ctx, *options, **table, *plan);
  spec.meter_fetches = charge.active();
  stream_items_if_possible(ctx.out, spec, page);
  auto collect = page_collector(spec, page);
  auto r = plan->index ? ctx.db.query_index(**table, plan->index->name, *range, collect)
                       : ctx.db.query(**table, *range, collect);
  if (!r) return r;
  charge.range_read(plan->index, range->hash, page.meter, options->consistent);
  finish_page(page, *plan);
  write_page(ctx.out, page, plan->select != Select::COUNT);
  charge.write_member(ctx.out);
  return {};
}

}  // namespace drydock::server::actions
