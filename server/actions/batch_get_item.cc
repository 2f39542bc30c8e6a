// BatchGetItem: up to 100 keys across tables; a response stops growing at 16 MB and the
// keys not read are returned in UnprocessedKeys, with their table's read options. With
// throughput enforcement, a key whose read is throttled is unprocessed too; the request
// fails with the throttling error only when every key was throttled ("If none of the items
// can be processed due to insufficient provisioned throughput on all of the tables in the
// request, then BatchGetItem returns a ProvisionedThroughputExceededException").
#include <map>
#include <set>

#include "expr/legacy.h"
#include "model/item_size.h"
#include "server/actions/actions.h"
#include "server/actions/expressions.h"
#include "server/actions/item_params.h"

namespace drydock::server::actions {
namespace {

constexpr std::size_t kMaxBatchGet = 100;
constexpr std::size_t kMaxResponseBytes = 16 * 1024 * 1024;

struct TableRequest {
  std::string name;
  const JsonValue* spec = nullptr;  // the request's KeysAndAttributes, for UnprocessedKeys
  storage::Table* table = nullptr;
  bool consistent = false;
  std::vector<model::AttributeMap> keys;
  std::vector<storage::StoredKey> stored;
  std::optional<expr::Projection> projection;
};

}  // namespace

model::Result<void> batch_get_item(ActionContext& ctx) {
  const JsonValue& req = ctx.request;
  Validation v;
  auto items_json = read_object(req, "RequestItems");
  if (!items_json) return std::unexpected(items_json.error());
  auto rcc = read_string(req, "ReturnConsumedCapacity");
  if (!rcc) return std::unexpected(rcc.error());
  static constexpr std::array<std::string_view, 3> kCapacity = {"INDEXES", "TOTAL", "NONE"};
  v.enum_value(*rcc, "returnConsumedCapacity", kCapacity, "[INDEXES, TOTAL, NONE]");
  if (auto r = v.result(); !r) return r;
  if (!*items_json || (**items_json).MemberCount() == 0) {
    return model::fail_validation("The requestItems parameter is required for BatchGetItem");
  }
  CapacityDetail capacity =
      *rcc ? parse_capacity_detail(**rcc).value_or(CapacityDetail::NONE) : CapacityDetail::NONE;

  std::vector<TableRequest> requests;
  std::size_t total = 0;
  // One request may not mix projection styles, even across tables.
  bool any_legacy = false, any_expression = false;
  auto given = [](const JsonValue& obj, const char* name) {
    auto m = obj.FindMember(name);
    return m != obj.MemberEnd() && !m->value.IsNull();
  };
  for (auto it = (**items_json).MemberBegin(); it != (**items_json).MemberEnd(); ++it) {
    TableRequest t;
    t.name.assign(it->name.GetString(), it->name.GetStringLength());
    if (auto r = expect_object(it->value); !r) return r;
    t.spec = &it->value;
    auto keys = read_array(it->value, "Keys");
    if (!keys) return std::unexpected(keys.error());
    auto consistent = read_bool(it->value, "ConsistentRead");
    if (!consistent) return std::unexpected(consistent.error());
    t.consistent = consistent->value_or(false);
    // A table's KeysAndAttributes take GetItem's projection parameters.
    auto exprs = RequestExpressions::read(it->value, ExprOperation::GetItem);
    if (!exprs) return std::unexpected(exprs.error());
    auto projection = exprs->projection();
    if (!projection) return std::unexpected(projection.error());
    if (auto r = exprs->check_unused(); !r) return r;
    t.projection = std::move(*projection);
    any_legacy = any_legacy || given(it->value, "AttributesToGet");
    any_expression = any_expression || given(it->value, "ProjectionExpression");
    if (any_legacy && any_expression) {
      if (auto r = expr::check_no_mixing({"AttributesToGet"}, {"ProjectionExpression"}); !r) {
        return r;
      }
    }
    if (!*keys) {
      return model::fail_validation("1 validation error detected: Value null at 'requestItems." +
                                    t.name +
                                    ".member.keys' failed to satisfy constraint: Member must not "
                                    "be null");
    }
    if ((*keys)->Size() == 0) {
      return model::fail_validation("1 validation error detected: Value '[]' at 'requestItems." +
                                    t.name +
                                    ".member.keys' failed to satisfy constraint: Member must have "
                                    "length greater than or equal to 1");
    }
    if ((*keys)->Size() > kMaxBatchGet) {
      // As DynamoDB writes it today: the member path as sent, without the value.
      return model::fail_validation(
          "1 validation error detected: Value at 'RequestItems." + t.name +
          ".member.Keys' failed to satisfy constraint: Member must have length less than or "
          "equal to 100");
    }
    for (const auto& k : (*keys)->GetArray()) {
      auto key = decode_map(k);
      if (!key) return std::unexpected(key.error());
      t.keys.push_back(std::move(*key));
      ++total;
    }
    requests.push_back(std::move(t));
  }
  if (total > kMaxBatchGet) {
    return model::fail_validation("Too many items requested for the BatchGetItem call");
  }
  for (auto& t : requests) {
    auto table = require_table(ctx, t.name);
    if (!table) return std::unexpected(table.error());
    t.table = *table;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& k : t.keys) {
      auto key = key_from_key_param(t.table->info(), k);
      if (!key) return std::unexpected(key.error());
      if (!seen.emplace(key->pk, key->sk).second) {
        return model::fail_validation("Provided list of item keys contains duplicates");
      }
      t.stored.push_back(std::move(*key));
    }
  }

  // Read every key that is admitted, into the items the response will carry.
  std::vector<TableCharge> charges;
  charges.reserve(requests.size());
  for (auto& t : requests) charges.emplace_back(*t.table, capacity);
  std::vector<std::vector<model::Item>> found(requests.size());
  std::vector<std::vector<std::size_t>> unprocessed(requests.size());  // key positions
  std::vector<bool> charged(requests.size(), false);
  std::size_t response_bytes = 0, throttled = 0;
  std::optional<model::Error> throttle;
  bool full = false;
  for (std::size_t ti = 0; ti < requests.size(); ++ti) {
    const auto& t = requests[ti];
    TableCharge& charge = charges[ti];
    for (std::size_t i = 0; i < t.stored.size(); ++i) {
      if (full) {
        unprocessed[ti].push_back(i);
        continue;
      }
      const auto& key = t.stored[i];
      if (auto a = charge.admit_item_read(key.hash); !a) {
        ++throttled;
        throttle = a.error();
        unprocessed[ti].push_back(i);
        continue;
      }
      auto item = ctx.db.get_item(*t.table, key);
      if (!item) return std::unexpected(item.error());
      std::size_t size = *item ? model::item_size(**item) : 0;
      // The response stays within 16 MB; the key that would pass it, and every key after it,
      // is left unprocessed.
      if (response_bytes + size > kMaxResponseBytes) {
        full = true;
        unprocessed[ti].push_back(i);
        continue;
      }
      charge.item_read(key.hash, *item ? &**item : nullptr, t.consistent);
      charged[ti] = true;
      if (*item) {
        response_bytes += size;
        found[ti].push_back(t.projection ? expr::project(*t.projection, **item)
                                         : std::move(**item));
      }
    }
  }
  if (throttle && throttled == total) return std::unexpected(*throttle);

  ctx.out.Key("Responses");
  ctx.out.StartObject();
  for (std::size_t ti = 0; ti < requests.size(); ++ti) {
    const auto& name = requests[ti].name;
    ctx.out.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    ctx.out.StartArray();
    for (const auto& item : found[ti]) write_map(ctx.out, item);
    ctx.out.EndArray();
  }
  ctx.out.EndObject();

  ctx.out.Key("UnprocessedKeys");
  ctx.out.StartObject();
  for (std::size_t ti = 0; ti < requests.size(); ++ti) {
    if (unprocessed[ti].empty()) continue;
    const TableRequest* t = &requests[ti];
    ctx.out.Key(t->name.data(), static_cast<rapidjson::SizeType>(t->name.size()));
    ctx.out.StartObject();
    ctx.out.Key("Keys");
    ctx.out.StartArray();
    for (std::size_t i : unprocessed[ti]) write_map(ctx.out, t->keys[i]);
    ctx.out.EndArray();
    // The table's other read options travel with its unprocessed keys.
    for (auto m = t->spec->MemberBegin(); m != t->spec->MemberEnd(); ++m) {
      if (std::string_view(m->name.GetString()) == "Keys") continue;
      ctx.out.Key(m->name.GetString(), m->name.GetStringLength());
      m->value.Accept(ctx.out);
    }
    ctx.out.EndObject();
  }
  ctx.out.EndObject();
  if (capacity != CapacityDetail::NONE) {
    // One entry per table that was read.
    ctx.out.Key("ConsumedCapacity");
    ctx.out.StartArray();
    for (std::size_t ti = 0; ti < requests.size(); ++ti) {
      if (charged[ti]) charges[ti].write_object(ctx.out);
    }
    ctx.out.EndArray();
  }
  return {};
}

}  // namespace drydock::server::actions
