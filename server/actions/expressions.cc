#include "server/actions/expressions.h"

#include "expr/legacy.h"
#include "expr/parse_cache.h"
#include "expr/parser.h"

namespace drydock::server::actions {
namespace {

using model::Result;

struct Params {
  std::vector<std::string_view> legacy;       // non-expression parameters the op takes
  std::vector<std::string_view> expressions;  // expression parameters the op takes
};

// In the order DynamoDB lists them in its messages.
Params params_of(ExprOperation op) {
  switch (op) {
    case ExprOperation::PutItem:
    case ExprOperation::DeleteItem:
      return {{"Expected", "ConditionalOperator"}, {"ConditionExpression"}};
    case ExprOperation::UpdateItem:
      return {{"AttributeUpdates", "Expected", "ConditionalOperator"},
              {"UpdateExpression", "ConditionExpression"}};
    case ExprOperation::GetItem:
      return {{"AttributesToGet"}, {"ProjectionExpression"}};
    case ExprOperation::Query:
      return {{"AttributesToGet", "KeyConditions", "QueryFilter", "ConditionalOperator"},
              {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"}};
    case ExprOperation::Scan:
      return {{"AttributesToGet", "ScanFilter", "ConditionalOperator"},
              {"ProjectionExpression", "FilterExpression"}};
  }
  return {};
}

bool present(const JsonValue& req, std::string_view name) {
  auto it = req.FindMember(rapidjson::StringRef(name.data(), name.size()));
  return it != req.MemberEnd() && !it->value.IsNull();
}

// "X is null", "X and Y are null", "X, Y and Z are null".
std::string null_list(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out + (names.size() == 1 ? " is null" : " are null");
}

Result<std::optional<expr::ConditionalOperator>> read_conditional_operator(const JsonValue& req) {
  auto op = read_string(req, "ConditionalOperator");
  if (!op) return std::unexpected(op.error());
  if (!*op) return std::optional<expr::ConditionalOperator>();
  if (**op == "AND") return std::optional(expr::ConditionalOperator::AND);
  if (**op == "OR") return std::optional(expr::ConditionalOperator::OR);
  return model::fail_validation("1 validation error detected: Value '" + std::string(**op) +
                                "' at 'conditionalOperator' failed to satisfy constraint: Member "
                                "must satisfy enum value set: [AND, OR]");
}

Result<std::vector<model::AttributeValue>> read_value_list(const JsonValue& obj) {
  std::vector<model::AttributeValue> out;
  auto list = read_array(obj, "AttributeValueList");
  if (!list) return std::unexpected(list.error());
  if (*list) {
    for (const auto& v : (*list)->GetArray()) {
      auto value = decode_value(v);
      if (!value) return std::unexpected(value.error());
      out.push_back(std::move(*value));
    }
  }
  return out;
}

Result<expr::FilterMap> read_filter_map(const JsonValue& obj) {
  expr::FilterMap out;
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
    if (auto r = expect_object(it->value); !r) return std::unexpected(r.error());
    auto op = read_string(it->value, "ComparisonOperator");
    if (!op) return std::unexpected(op.error());
    if (!*op) {
      return model::fail_validation(
          "One or more parameter values were invalid: ComparisonOperator must be specified for "
          "Attribute: " + std::string(it->name.GetString(), it->name.GetStringLength()));
    }
    auto parsed = expr::parse_comparison_operator(**op);
    if (!parsed) return std::unexpected(parsed.error());
    auto values = read_value_list(it->value);
    if (!values) return std::unexpected(values.error());
    out.emplace(std::string(it->name.GetString(), it->name.GetStringLength()),
                expr::FilterCondition{*parsed, std::move(*values)});
  }
  return out;
}

}  // namespace

struct RequestExpressions::State {
  std::optional<expr::AttributeNames> names;
  std::optional<model::AttributeMap> values;
  std::optional<expr::Context> ctx;
};

RequestExpressions::RequestExpressions(const JsonValue& request, ExprOperation op,
                                       std::unique_ptr<State> state)
    : request_(&request), op_(op), state_(std::move(state)) {
  state_->ctx.emplace(state_->names ? &*state_->names : nullptr,
                      state_->values ? &*state_->values : nullptr);
}

RequestExpressions::RequestExpressions(RequestExpressions&&) noexcept = default;
RequestExpressions& RequestExpressions::operator=(RequestExpressions&&) noexcept = default;
RequestExpressions::~RequestExpressions() = default;

Result<RequestExpressions> RequestExpressions::read(const JsonValue& req, ExprOperation op) {
  auto state = std::make_unique<State>();
  auto names = read_object(req, "ExpressionAttributeNames");
  if (!names) return std::unexpected(names.error());
  if (*names) {
    expr::AttributeNames map;
    for (auto it = (*names)->MemberBegin(); it != (*names)->MemberEnd(); ++it) {
      auto value = expect_string(it->value);
      if (!value) return std::unexpected(value.error());
      map.emplace(std::string(it->name.GetString(), it->name.GetStringLength()),
                  std::string(*value));
    }
    state->names = std::move(map);
  }
  auto values = read_object(req, "ExpressionAttributeValues");
  if (!values) return std::unexpected(values.error());
  if (*values) {
    model::AttributeMap map;
    for (auto it = (*values)->MemberBegin(); it != (*values)->MemberEnd(); ++it) {
      std::string key(it->name.GetString(), it->name.GetStringLength());
      auto value = decode_value(it->value);
      if (!value) {
        model::Error e = value.error();
        if (e.code == model::ErrorCode::ValidationException) {
          e.message = "ExpressionAttributeValues contains invalid value: " + e.message +
                      " for key " + key;
        }
        return std::unexpected(std::move(e));
      }
      map.insert_or_assign(std::move(key), std::move(*value));
    }
    state->values = std::move(map);
  }

  Params params = params_of(op);
  std::vector<std::string_view> legacy_used, expression_used;
  for (auto p : params.legacy) {
    if (present(req, p)) legacy_used.push_back(p);
  }
  for (auto p : params.expressions) {
    if (present(req, p)) expression_used.push_back(p);
  }
  if (auto r = expr::check_no_mixing(legacy_used, expression_used); !r) {
    return std::unexpected(r.error());
  }
  if (expression_used.empty()) {
    if (state->names) {
      return model::fail_validation(
          "ExpressionAttributeNames can only be specified when using expressions");
    }
  }
  if (state->values) {
    std::vector<std::string_view> value_params;
    bool any = false;
    for (auto p : params.expressions) {
      if (p == "ProjectionExpression") continue;
      value_params.push_back(p);
      any = any || present(req, p);
    }
    if (!any) {
      return model::fail_validation(
          "ExpressionAttributeValues can only be specified when using expressions: " +
          null_list(value_params));
    }
  }
  if (auto r = expr::validate_expression_attributes(state->names ? &*state->names : nullptr,
                                                    state->values ? &*state->values : nullptr);
      !r) {
    return std::unexpected(r.error());
  }
  return RequestExpressions(req, op, std::move(state));
}

Result<std::optional<expr::Condition>> RequestExpressions::condition() {
  using Out = std::optional<expr::Condition>;
  auto text = read_string(*request_, "ConditionExpression");
  if (!text) return std::unexpected(text.error());
  if (*text) {
    auto parsed = expr::ParseCache::local().condition(**text, expr::ExprKind::ConditionExpression);
    if (!parsed) return std::unexpected(parsed.error());
    auto resolved =
        expr::resolve_condition(**parsed, expr::ExprKind::ConditionExpression, *state_->ctx);
    if (!resolved) return std::unexpected(resolved.error());
    return Out(std::move(*resolved));
  }
  auto expected = read_object(*request_, "Expected");
  if (!expected) return std::unexpected(expected.error());
  auto conditional = read_conditional_operator(*request_);
  if (!conditional) return std::unexpected(conditional.error());
  if (!*expected) {
    if (*conditional) {
      return model::fail_validation(
          "ConditionalOperator cannot be used without Filter or Expected");
    }
    return Out();
  }
  expr::ExpectedMap map;
  for (auto it = (*expected)->MemberBegin(); it != (*expected)->MemberEnd(); ++it) {
    if (auto r = expect_object(it->value); !r) return std::unexpected(r.error());
    expr::ExpectedCondition c;
    auto exists = read_bool(it->value, "Exists");
    if (!exists) return std::unexpected(exists.error());
    c.exists = *exists;
    auto value = read_object(it->value, "Value");
    if (!value) return std::unexpected(value.error());
    if (*value) {
      auto v = decode_value(**value);
      if (!v) return std::unexpected(v.error());
      c.value = std::move(*v);
    }
    auto op = read_string(it->value, "ComparisonOperator");
    if (!op) return std::unexpected(op.error());
    if (*op) {
      auto parsed = expr::parse_comparison_operator(**op);
      if (!parsed) return std::unexpected(parsed.error());
      c.op = *parsed;
    }
    if (it->value.HasMember("AttributeValueList") && !it->value["AttributeValueList"].IsNull()) {
      auto list = read_value_list(it->value);
      if (!list) return std::unexpected(list.error());
      c.values = std::move(*list);
    }
    map.emplace(std::string(it->name.GetString(), it->name.GetStringLength()), std::move(c));
  }
  if (*conditional && map.size() < 2) {
    return model::fail_validation(
        "ConditionalOperator can only be used when Filter or Expected has two or more elements");
  }
  auto built = expr::build_expected(map, conditional->value_or(expr::ConditionalOperator::AND));
  if (!built) return std::unexpected(built.error());
  return Out(std::move(*built));
}

Result<std::optional<expr::Update>> RequestExpressions::update() {
  using Out = std::optional<expr::Update>;
  auto text = read_string(*request_, "UpdateExpression");
  if (!text) return std::unexpected(text.error());
  if (*text) {
    auto parsed = expr::ParseCache::local().update(**text);
    if (!parsed) return std::unexpected(parsed.error());
    auto resolved = expr::resolve_update(**parsed, *state_->ctx);
    if (!resolved) return std::unexpected(resolved.error());
    return Out(std::move(*resolved));
  }
  auto updates = read_object(*request_, "AttributeUpdates");
  if (!updates) return std::unexpected(updates.error());
  if (!*updates) return Out();
  expr::AttributeUpdateMap map;
  for (auto it = (*updates)->MemberBegin(); it != (*updates)->MemberEnd(); ++it) {
    if (auto r = expect_object(it->value); !r) return std::unexpected(r.error());
    expr::AttributeUpdate u;
    auto action = read_string(it->value, "Action");
    if (!action) return std::unexpected(action.error());
    if (*action) {
      if (**action == "PUT") {
        u.action = expr::AttributeUpdate::Action::PUT;
      } else if (**action == "ADD") {
        u.action = expr::AttributeUpdate::Action::ADD;
      } else if (**action == "DELETE") {
        u.action = expr::AttributeUpdate::Action::DELETE;
      } else {
        return model::fail_validation(
            "1 validation error detected: Value '" + std::string(**action) +
            "' at 'attributeUpdates." + std::string(it->name.GetString()) +
            ".member.action' failed to satisfy constraint: Member must satisfy enum value set: "
            "[ADD, PUT, DELETE]");
      }
    }
    auto value = read_object(it->value, "Value");
    if (!value) return std::unexpected(value.error());
    if (*value) {
      auto v = decode_value(**value);
      if (!v) return std::unexpected(v.error());
      u.value = std::move(*v);
    }
    map.emplace(std::string(it->name.GetString(), it->name.GetStringLength()), std::move(u));
  }
  auto built = expr::build_attribute_updates(map);
  if (!built) return std::unexpected(built.error());
  return Out(std::move(*built));
}

Result<std::optional<expr::Projection>> RequestExpressions::projection() {
  using Out = std::optional<expr::Projection>;
  auto text = read_string(*request_, "ProjectionExpression");
  if (!text) return std::unexpected(text.error());
  if (*text) {
    auto parsed = expr::ParseCache::local().projection(**text);
    if (!parsed) return std::unexpected(parsed.error());
    auto resolved = expr::resolve_projection(**parsed, *state_->ctx);
    if (!resolved) return std::unexpected(resolved.error());
    return Out(std::move(*resolved));
  }
  auto list = read_array(*request_, "AttributesToGet");
  if (!list) return std::unexpected(list.error());
  if (!*list) return Out();
  std::vector<std::string> names;
  for (const auto& e : (*list)->GetArray()) {
    auto s = expect_string(e);
    if (!s) return std::unexpected(s.error());
    names.emplace_back(*s);
  }
  if (names.empty()) {
    return model::fail_validation(
        "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy "
        "constraint: Member must have length greater than or equal to 1");
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) {
        return model::fail_validation(
            "One or more parameter values were invalid: Cannot have two attributes with the same "
            "name: " + names[i]);
      }
    }
  }
  return Out(expr::build_attributes_to_get(names));
}

Result<std::optional<expr::Condition>> RequestExpressions::filter() {
  using Out = std::optional<expr::Condition>;
  auto text = read_string(*request_, "FilterExpression");
  if (!text) return std::unexpected(text.error());
  if (*text) {
    auto parsed = expr::ParseCache::local().condition(**text, expr::ExprKind::FilterExpression);
    if (!parsed) return std::unexpected(parsed.error());
    auto resolved =
        expr::resolve_condition(**parsed, expr::ExprKind::FilterExpression, *state_->ctx);
    if (!resolved) return std::unexpected(resolved.error());
    return Out(std::move(*resolved));
  }
  const char* legacy = op_ == ExprOperation::Query ? "QueryFilter" : "ScanFilter";
  auto obj = read_object(*request_, legacy);
  if (!obj) return std::unexpected(obj.error());
  auto conditional = read_conditional_operator(*request_);
  if (!conditional) return std::unexpected(conditional.error());
  if (!*obj) {
    if (*conditional) {
      return model::fail_validation(
          "ConditionalOperator cannot be used without Filter or Expected");
    }
    return Out();
  }
  auto map = read_filter_map(**obj);
  if (!map) return std::unexpected(map.error());
  if (*conditional && map->size() < 2) {
    return model::fail_validation(
        "ConditionalOperator can only be used when Filter or Expected has two or more elements");
  }
  auto built = expr::build_filter(*map, conditional->value_or(expr::ConditionalOperator::AND));
  if (!built) return std::unexpected(built.error());
  return Out(std::move(*built));
}

Result<std::optional<expr::KeyCondition>> RequestExpressions::key_condition(
    const storage::KeySchema& key) {
  using Out = std::optional<expr::KeyCondition>;
  expr::KeySchema schema = to_expr_schema(key);
  auto text = read_string(*request_, "KeyConditionExpression");
  if (!text) return std::unexpected(text.error());
  if (*text) {
    auto parsed = expr::ParseCache::local().condition(**text, expr::ExprKind::KeyConditionExpression);
    if (!parsed) return std::unexpected(parsed.error());
    auto resolved = expr::resolve_key_condition(**parsed, *state_->ctx, schema);
    if (!resolved) return std::unexpected(resolved.error());
    return Out(std::move(*resolved));
  }
  auto obj = read_object(*request_, "KeyConditions");
  if (!obj) return std::unexpected(obj.error());
  if (!*obj) return Out();
  auto map = read_filter_map(**obj);
  if (!map) return std::unexpected(map.error());
  if (map->empty() || map->size() > 2) {
    return model::fail_validation("Conditions can be of length 1 or 2 only");
  }
  // The legacy form has its own wording for what KeyConditionExpression reports as an
  // invalid operator or a condition on a non-key attribute.
  for (const auto& [name, c] : *map) {
    using Op = expr::ComparisonOperator;
    if (c.op != Op::EQ && c.op != Op::LE && c.op != Op::LT && c.op != Op::GE &&
        c.op != Op::GT && c.op != Op::BEGINS_WITH && c.op != Op::BETWEEN) {
      return model::fail_validation("Attempted conditional constraint is not an indexable operation");
    }
  }
  for (const auto& [name, c] : *map) {
    if (name != schema.hash && (schema.range.empty() || name != schema.range)) {
      bool has_hash = map->contains(schema.hash);
      // The hash key and another attribute, with no sort key to be that other one.
      if (has_hash && schema.range.empty()) {
        return model::fail_validation("Query key condition not supported");
      }
      return model::fail_validation("Query condition missed key schema element: " +
                                    (has_hash ? schema.range : schema.hash));
    }
  }
  auto built = expr::build_filter(*map, expr::ConditionalOperator::AND);
  if (!built) return std::unexpected(built.error());
  auto condition = expr::key_condition_from(*built, schema);
  if (!condition) return std::unexpected(condition.error());
  return Out(std::move(*condition));
}

Result<void> RequestExpressions::check_unused() const { return state_->ctx->check_unused(); }

expr::KeySchema to_expr_schema(const storage::KeySchema& key) {
  expr::KeySchema out;
  out.hash = key.hash.name;
  out.hash_type = key.hash.type;
  if (key.range) {
    out.range = key.range->name;
    out.range_type = key.range->type;
  }
  return out;
}

}  // namespace drydock::server::actions
