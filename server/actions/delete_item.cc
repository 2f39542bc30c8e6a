// DeleteItem: removes one item by its full primary key; ReturnValues NONE or ALL_OLD.
#include "server/actions/actions.h"
#include "server/actions/expressions.h"
#include "server/actions/item_params.h"

namespace drydock::server::actions {

model::Result<void> delete_item(ActionContext& ctx) {
  auto req = read_plain_write(ctx, "Key", ExprOperation::DeleteItem);
  if (!req) return std::unexpected(req.error());
  storage::Table& table = *req->table;
  auto key = key_from_key_param(table.info(), req->values);
  if (!key) return std::unexpected(key.error());

  TableCharge charge(table, req->common.capacity);
  auto written = ctx.db.write_item(
      table, *key, [&](const model::Item* old) -> model::Result<std::optional<model::Item>> {
        if (auto c = check_condition(req->condition, old, req->return_old_on_failure); !c) {
          if (auto t = charge.condition_failed(key->hash, old, 0); !t) {
            return std::unexpected(t.error());
          }
          return std::unexpected(c.error());
        }
        if (auto t = charge.write(key->hash, old, nullptr); !t) return std::unexpected(t.error());
        return std::optional<model::Item>();
      });
  if (!written) return std::unexpected(written.error());
  if (req->common.return_values == "ALL_OLD" && written->old_item) {
    ctx.out.Key("Attributes");
    write_map(ctx.out, *written->old_item);
  }
  charge.write_member(ctx.out);
  write_item_collection_member(ctx.out, req->common.return_item_collection_metrics,
                               table.info(), *written, req->values);
  return {};
}

}  // namespace drydock::server::actions
