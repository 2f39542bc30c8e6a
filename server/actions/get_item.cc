// GetItem: one item by its full primary key.
#include "server/actions/actions.h"
#include "server/actions/expressions.h"
#include "server/actions/item_params.h"

namespace drydock::server::actions {

model::Result<void> get_item(ActionContext& ctx) {
  const JsonValue& req = ctx.request;
  Validation v;
  auto common = read_item_request(req, v);
  if (!common) return std::unexpected(common.error());
  auto key_json = read_object(req, "Key");
  if (!key_json) return std::unexpected(key_json.error());
  auto consistent = read_bool(req, "ConsistentRead");
  if (!consistent) return std::unexpected(consistent.error());
  v.not_null(*key_json != nullptr, "key");
  if (auto r = v.result(); !r) return r;
  auto key_values = decode_map(**key_json);
  if (!key_values) return std::unexpected(key_values.error());
  auto exprs = RequestExpressions::read(req, ExprOperation::GetItem);
  if (!exprs) return std::unexpected(exprs.error());
  auto projection = exprs->projection();
  if (!projection) return std::unexpected(projection.error());
  if (auto r = exprs->check_unused(); !r) return r;
  auto table = require_table(ctx, *common->table_name);
  if (!table) return std::unexpected(table.error());
  auto key = key_from_key_param((*table)->info(), *key_values);
  if (!key) return std::unexpected(key.error());

  TableCharge charge(**table, common->capacity);
  if (auto r = charge.admit_item_read(key->hash); !r) return r;
  auto item = ctx.db.get_item(**table, *key);
  if (!item) return std::unexpected(item.error());
  charge.item_read(key->hash, *item ? &**item : nullptr, consistent->value_or(false));
  if (*item) {
    ctx.out.Key("Item");
    write_map(ctx.out, *projection ? expr::project(**projection, **item) : **item);
  }
  charge.write_member(ctx.out);
  return {};
}

}  // namespace drydock::server::actions
