// Scan: walks a table (or one parallel-scan segment of it) in partition-hash order, a page
// at a time, with DynamoDB's Limit / 1 MB / Segment rules.
#include <array>

#include "server/actions/actions.h"
#include "server/actions/item_params.h"
#include "server/actions/read_common.h"
#include "server/actions/read_options.h"

namespace drydock::server::actions {

model::Result<void> scan(ActionContext& ctx) {
  const JsonValue& req = ctx.request;
  Validation v;
  auto common = read_item_request(req, v);
  if (!common) return std::unexpected(common.error());
  auto options = read_read_options(req, v, false);
  if (!options) return std::unexpected(options.error());
  auto segment = read_long(req, "Segment", "Integer");
  if (!segment) return std::unexpected(segment.error());
  auto total = read_long(req, "TotalSegments", "Integer");
  if (!total) return std::unexpected(total.error());
  v.min_value(*segment, "segment", 0);
  v.max_value(*segment, "segment", 999999);
  v.min_value(*total, "totalSegments", 1);
  v.max_value(*total, "totalSegments", 1000000);
  if (auto r = v.result(); !r) return r;
  if (*segment && !*total) {
    return model::fail_validation(
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present");
  }
  if (*total && !*segment) {
    return model::fail_validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  }
  if (*segment && **segment >= **total) {
    return model::fail_validation(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: " + std::to_string(**segment) + " is not less than TotalSegments: " +
        std::to_string(**total));
  }

  auto table = require_table(ctx, *common->table_name);
  if (!table) return std::unexpected(table.error());
  const auto& info = (*table)->info();
  auto plan = plan_read(ctx, *options, **table, false);
  if (!plan) return std::unexpected(plan.error());

  storage::ScanRange range = *segment ? storage::scan_segment(static_cast<int>(**segment),
                                                              static_cast<int>(**total))
                                      : storage::ScanRange{};
  auto start = read_exclusive_start_key(req, info, plan->index, false);
  if (!start) return std::unexpected(start.error());
  if (*start) {
    const auto& k = **start;
    std::int64_t hash = plan->index ? k.index_key->hash : k.table_key.hash;
    if (hash < range.hash_begin || (range.hash_end != INT64_MAX && hash >= range.hash_end)) {
      return model::fail_validation(
          "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
          "ExclusiveStartKey with correct Segment. TotalSegments: " +
          std::to_string(**total) + " Segment: " + std::to_string(**segment));
    }
    if (plan->index) {
      range.index_start = k.index_key;
    } else {
      range.exclusive_start = k.table_key;
    }
  }

  // A Scan page is charged to the partition it starts in.
  std::int64_t hash = range.exclusive_start ? range.exclusive_start->hash
                      : range.index_start   ? range.index_start->hash
                                            : range.hash_begin;
  TableCharge charge(**table, common->capacity);
  if (auto a = charge.admit_range_read(plan->index, hash); !a) return a;
  Page page;
  page.keep_items = plan->select != Select::COUNT;
  PageSpec spec = page_spec(ctx, *options, **table, *plan);
  spec.meter_fetches = charge.active();
  stream_items_if_possible(ctx.out, spec, page);
  auto collect = page_collector(spec, page);
  auto r = plan->index ? ctx.db.scan_index(**table, plan->index->name, range, collect)
                       : ctx.db.scan(**table, range, collect);
  if (!r) return r;
  charge.range_read(plan->index, hash, page.meter, options->consistent);
  finish_page(page, *plan);
  write_page(ctx.out, page, plan->select != Select::COUNT);
  charge.write_member(ctx.out);
  return {};
}

}  // namespace drydock::server::actions
