// DeleteItem: removes one item by its full primary key; ReturnValues NONE or ALL_OLD.
#include "server/actions/actions.h"
#include "server/actions/expressions.h"
#include "server/actions/item_params.h"

namespace drydock::server::actions {

model::Result<void> delete_item(ActionContext& ctx) {
  const JsonValue& req = ctx.request;
  Validation v;
  auto common = read_item_request(req, v);
  if (!common) return std::unexpected(common.error());
  auto key_json = read_object(req, "Key");
  if (!key_json) return std::unexpected(key_json.error());
  v.not_null(*key_json != nullptr, "key");
  if (auto r = v.result(); !r) return r;
  auto on_failure = read_return_on_condition_failure(req);
  if (!on_failure) return std::unexpected(on_failure.error());
  auto key_values = decode_map(**key_json);
  if (!key_values) return std::unexpected(key_values.error());
  if (common->return_values && *common->return_values != "NONE" &&
      *common->return_values != "ALL_OLD") {
    return model::fail_validation("ReturnValues can only be ALL_OLD or NONE");
  }
  auto exprs = RequestExpressions::read(req, ExprOperation::DeleteItem);
  if (!exprs) return std::unexpected(exprs.error());
  auto condition = exprs->condition();
  if (!condition) return std::unexpected(condition.error());
  if (auto r = exprs->check_unused(); !r) return r;
  auto table = require_table(ctx, *common->table_name);
  if (!table) return std::unexpected(table.error());
  auto key = key_from_key_param((*table)->info(), *key_values);
  if (!key) return std::unexpected(key.error());

  TableCharge charge(**table, common->capacity);
  auto written = ctx.db.write_item(
      **table, *key, [&](const model::Item* old) -> model::Result<std::optional<model::Item>> {
        if (auto c = check_condition(*condition, old, *on_failure); !c) {
          if (auto t = charge.condition_failed(key->hash, old, 0); !t) {
            return std::unexpected(t.error());
          }
          return std::unexpected(c.error());
        }
        if (auto t = charge.write(key->hash, old, nullptr); !t) return std::unexpected(t.error());
        return std::optional<model::Item>();
      });
  if (!written) return std::unexpected(written.error());
  if (common->return_values == "ALL_OLD" && written->old_item) {
    ctx.out.Key("Attributes");
    write_map(ctx.out, *written->old_item);
  }
  charge.write_member(ctx.out);
  write_item_collection_member(ctx.out, common->return_item_collection_metrics,
                               (*table)->info(), *written, *key_values);
  return {};
}

}  // namespace drydock::server::actions
