// PutItem: validates the item against the key schema and the size limits, writes it
// atomically, ReturnValues NONE or ALL_OLD.
#include "model/item_size.h"
#include "server/actions/actions.h"
#include "server/actions/expressions.h"
#include "server/actions/item_params.h"
#include "storage/indexes.h"

namespace drydock::server::actions {

model::Result<void> put_item(ActionContext& ctx) {
  auto req = read_plain_write(ctx, "Item", ExprOperation::PutItem);
  if (!req) return std::unexpected(req.error());
  storage::Table& table = *req->table;
  model::Item& item = req->values;
  auto key = key_from_item(table.info(), item);
  if (!key) return std::unexpected(key.error());
  if (auto r = check_item_size(item); !r) return r;
  // The item is whole before anything is read: its index keys are checked before the
  // condition.
  if (auto r = storage::check_index_keys(table.info(), item); !r) return r;

  TableCharge charge(table, req->common.capacity);
  auto written = ctx.db.write_item(
      table, *key, [&](const model::Item* old) -> model::Result<std::optional<model::Item>> {
        if (auto c = check_condition(req->condition, old, req->return_old_on_failure); !c) {
          if (!charge.active()) return std::unexpected(c.error());
          auto new_bytes = static_cast<std::int64_t>(model::item_size(item));
          if (auto t = charge.condition_failed(key->hash, old, new_bytes); !t) {
            return std::unexpected(t.error());
          }
          return std::unexpected(c.error());
        }
        if (auto t = charge.write(key->hash, old, &item); !t) return std::unexpected(t.error());
        return std::optional<model::Item>(std::move(item));
      });
  if (!written) return std::unexpected(written.error());

  if (req->common.return_values == "ALL_OLD" && written->old_item) {
    ctx.out.Key("Attributes");
    write_map(ctx.out, *written->old_item);
  }
  charge.write_member(ctx.out);
  write_item_collection_member(ctx.out, req->common.return_item_collection_metrics,
                               table.info(), *written, *written->new_item);
  return {};
}

}  // namespace drydock::server::actions
