// UpdateItem: applies an UpdateExpression (or legacy AttributeUpdates) to one item, creating
// it when absent, under an optional condition, atomically; ReturnValues NONE, ALL_OLD,
// UPDATED_OLD, ALL_NEW, UPDATED_NEW.
#include <algorithm>
#include <vector>

#include "expr/evaluate.h"
#include "model/item_size.h"
#include "server/actions/actions.h"
#include "server/actions/expressions.h"
#include "server/actions/item_params.h"

namespace drydock::server::actions {
namespace {

bool only_removes(const expr::Update& update) {
  for (const auto& a : update.actions) {
    if (a.kind != expr::UpdateAction::Kind::Remove && a.kind != expr::UpdateAction::Kind::Delete) {
      return false;
    }
  }
  return true;
}

// Key attributes are scalars: a document path into one ("pk.a", "pk[0]") is rejected.
model::Result<void> check_operand_paths(const expr::Operand& op, const expr::KeyNames& key) {
  if (op.kind == expr::Operand::Kind::Path && op.path.elements.size() > 1 &&
      key.contains(op.path.attribute())) {
    return model::fail_validation(
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
        "allowed: Key: " + op.path.attribute());
  }
  for (const auto& arg : op.args) {
    if (auto r = check_operand_paths(arg, key); !r) return r;
  }
  return {};
}

model::Result<void> check_no_key_paths(const expr::Update& update, const expr::KeyNames& key) {
  for (const auto& a : update.actions) {
    if (auto r = check_operand_paths(a.value, key); !r) return r;
  }
  return {};
}

// An update that sets a secondary index key to an empty string or binary gets its own
// message (a PutItem gets the index-key one from the storage layer).
model::Result<void> check_updated_index_keys(const storage::TableInfo& info,
                                             const model::Item& item) {
  for (const auto* list : {&info.local_indexes, &info.global_indexes}) {
    for (const auto& index : *list) {
      for (const auto* k : {&index.key.hash, index.key.range ? &*index.key.range : nullptr}) {
        if (!k) continue;
        auto it = item.find(k->name);
        if (it == item.end() || it->second.type() != k->type) continue;
        const auto& v = it->second;
        if ((v.is(model::Type::S) || v.is(model::Type::B)) && v.scalar().empty()) {
          return model::fail_validation(
              std::string("One or more parameter values are not valid. The update expression "
                          "attempted to update a secondary index key to a value that is not "
                          "supported. The AttributeValue for a key attribute cannot contain an "
                          "empty ") +
              (v.is(model::Type::S) ? "string" : "binary") + " value.");
        }
      }
    }
  }
  return {};
}

}  // namespace

model::Result<void> update_item(ActionContext& ctx) {
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

  // DynamoDB resolves the UpdateExpression before the ConditionExpression.
  auto exprs = RequestExpressions::read(req, ExprOperation::UpdateItem);
  if (!exprs) return std::unexpected(exprs.error());
  auto update = exprs->update();
  if (!update) return std::unexpected(update.error());
  auto condition = exprs->condition();
  if (!condition) return std::unexpected(condition.error());
  if (auto r = exprs->check_unused(); !r) return r;

  auto table = require_table(ctx, *common->table_name);
  if (!table) return std::unexpected(table.error());
  const auto& info = (*table)->info();
  auto key = key_from_key_param(info, *key_values);
  if (!key) return std::unexpected(key.error());
  expr::KeyNames key_names{info.key.hash.name, info.key.range ? info.key.range->name : ""};
  for (const auto* list : {&info.local_indexes, &info.global_indexes}) {
    std::vector<const storage::IndexInfo*> by_name;
    for (const auto& index : *list) by_name.push_back(&index);
    std::sort(by_name.begin(), by_name.end(),
              [](const auto* a, const auto* b) { return a->name < b->name; });
    for (const auto* index : by_name) {
      key_names.index_keys.push_back(index->key.hash.name);
      if (index->key.range) key_names.index_keys.push_back(index->key.range->name);
    }
  }
  if (*update) {
    if (auto r = check_no_key_paths(**update, key_names); !r) return r;
  }

  std::vector<expr::Path> updated_paths;
  TableCharge charge(**table, common->capacity);
  auto next_item = [&](const model::Item* old) -> model::Result<std::optional<model::Item>> {
    model::Item item = old ? *old : *key_values;
    // No update at all still creates the item, with its key alone.
    if (!*update || (*update)->actions.empty()) {
      return std::optional<model::Item>(std::move(item));
    }
    if (!old && only_removes(**update)) {
      // REMOVE / DELETE on an absent item change nothing and create nothing.
      if (auto k = expr::check_key_update(**update, key_names); !k) {
        return std::unexpected(k.error());
      }
      return std::optional<model::Item>();
    }
    auto applied = expr::apply_update(**update, item, key_names);
    if (!applied) return std::unexpected(applied.error());
    updated_paths = std::move(applied->paths);
    if (!old && !applied->wrote) return std::optional<model::Item>();
    if (!(*update)->legacy) {
      if (auto e = check_updated_index_keys(info, item); !e) return std::unexpected(e.error());
    }
    if (model::item_size(item) > model::kMaxItemSize) {
      return model::fail_validation("Item size to update has exceeded the maximum allowed size");
    }
    return std::optional<model::Item>(std::move(item));
  };
  auto written = ctx.db.write_item(
      **table, *key, [&](const model::Item* old) -> model::Result<std::optional<model::Item>> {
        if (auto c = check_condition(*condition, old, *on_failure); !c) {
          if (auto t = charge.condition_failed(key->hash, old, 0); !t) {
            return std::unexpected(t.error());
          }
          return std::unexpected(c.error());
        }
        auto next = next_item(old);
        if (!next) return next;
        if (auto t = charge.write(key->hash, old, *next ? &**next : nullptr); !t) {
          return std::unexpected(t.error());
        }
        return next;
      });
  if (!written) return std::unexpected(written.error());

  std::string_view rv = common->return_values.value_or("NONE");
  const auto& old_item = written->old_item;
  const auto& new_item = written->new_item;
  if (rv == "ALL_OLD" && old_item) {
    ctx.out.Key("Attributes");
    write_map(ctx.out, *old_item);
  } else if (rv == "ALL_NEW" && new_item) {
    ctx.out.Key("Attributes");
    write_map(ctx.out, *new_item);
  } else if (rv == "UPDATED_OLD" && old_item) {
    auto part = expr::project_paths(updated_paths, *old_item);
    if (!part.empty()) {
      ctx.out.Key("Attributes");
      write_map(ctx.out, part);
    }
  } else if (rv == "UPDATED_NEW" && new_item) {
    auto part = expr::project_paths(updated_paths, *new_item);
    if (!part.empty()) {
      ctx.out.Key("Attributes");
      write_map(ctx.out, part);
    }
  }
  charge.write_member(ctx.out);
  write_item_collection_member(ctx.out, common->return_item_collection_metrics, info, *written,
                               *key_values);
  return {};
}

}  // namespace drydock::server::actions
