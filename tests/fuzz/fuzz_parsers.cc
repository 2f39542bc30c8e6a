// libFuzzer target: the expression pipeline on arbitrary text. Every parser (condition and
// filter, key condition, update, projection) must return a tree or an Error for any input;
// a tree is then resolved, evaluated, applied or projected, and must never crash or hang.
//
// So that resolution gets past "not defined" for most inputs, the placeholders come from the
// text itself: every `#name` it mentions is defined as one of the item's attribute names and
// every `:value` as one of a pool of values of all ten types (chosen by a hash of the
// placeholder, so the same input always gets the same context).
//
// Checked beyond "no crash":
//  - "NOT (c)" evaluates to the opposite of c, on the item and on no item;
//  - apply_update() leaves the item unchanged when it fails (its documented contract);
//  - an updated or projected item holds only valid values (canonical numbers, non-empty sets
//    without duplicates) and survives storage's binary codec (invariants.h).
// Built and run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "expr/evaluate.h"
#include "expr/key_condition.h"
#include "expr/parser.h"
#include "expr/resolver.h"
#include "tests/fuzz/invariants.h"

namespace drydock::fuzz {
namespace {

using model::AttributeValue;
using model::Type;

// N values must hold canonical text: spell them as a client would and let Number say.
AttributeValue num(std::string_view text) {
  return AttributeValue::number(model::Number::parse(text)->to_string());
}

const model::Item& base_item() {
  static const model::Item item{
      {"pk", AttributeValue::string("p")},
      {"sk", num("7")},
      {"a", num("5")},
      {"s", AttributeValue::string("h\xc3\xa9llo")},
      {"e", AttributeValue::string("")},
      {"b", AttributeValue::binary(std::string("\x00\x01\x02", 3))},
      {"t", AttributeValue::boolean(true)},
      {"z", AttributeValue::null()},
      {"l", AttributeValue::list(
                {num("1"), AttributeValue::string("x"), AttributeValue::list({num("1")})})},
      {"m",
       AttributeValue::map(
           {{"k", num("1")}, {"y", AttributeValue::map({{"z", AttributeValue::string("q")}})}})},
      {"ss", AttributeValue::set(Type::SS, {"a", "b"})},
      {"ns", AttributeValue::set(Type::NS, {"1", "2.5"})},
      {"bs", AttributeValue::set(Type::BS, {std::string(1, '\0'), "\x01"})},
  };
  return item;
}

constexpr std::string_view kNames[] = {"pk", "sk", "a",  "s",  "e",  "b",       "t", "z",
                                       "l",  "m",  "ss", "ns", "bs", "missing", "k", "y"};

const std::vector<AttributeValue>& value_pool() {
  static const std::vector<AttributeValue> pool{
      num("1"),
      AttributeValue::string("x"),
      num("-0.5"),
      AttributeValue::string(""),
      AttributeValue::binary("\x01"),
      AttributeValue::boolean(false),
      AttributeValue::null(),
      AttributeValue::list({num("2"), AttributeValue::string("y")}),
      AttributeValue::map({{"k", num("3")}}),
      AttributeValue::set(Type::SS, {"b", "c"}),
      AttributeValue::set(Type::NS, {"2.5", "9"}),
      AttributeValue::set(Type::BS, {"\x01"}),
      num("99999999999999999999999999999999999999E+88"),
      num("1E-130"),
      AttributeValue::string("h"),
  };
  return pool;
}

std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

bool is_placeholder_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Defines every "#x" and ":x" of `text`.
void make_context(std::string_view text, expr::AttributeNames& names, model::AttributeMap& values) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '#' && text[i] != ':') continue;
    std::size_t end = i + 1;
    while (end < text.size() && is_placeholder_char(text[end])) ++end;
    if (end == i + 1) continue;
    const std::string_view placeholder = text.substr(i, end - i);
    const std::uint32_t h = fnv1a(placeholder);
    if (text[i] == '#') {
      names.emplace(placeholder, kNames[h % std::size(kNames)]);
    } else {
      values.emplace(placeholder, value_pool()[h % value_pool().size()]);
    }
    i = end - 1;
  }
}

// "NOT (text)" must evaluate to the opposite of "text" wherever "text" has a value.
void check_negation(std::string_view text, expr::ExprKind kind, const expr::AttributeNames* names,
                    const model::AttributeMap* values, bool on_item, bool on_nothing) {
  const std::string negated = "NOT (" + std::string(text) + ")";
  auto parsed = expr::parse_condition(negated, kind);
  if (!parsed) return;  // past the length, operator or nesting limits
  expr::Context ctx(names, values);
  auto resolved = expr::resolve_condition(**parsed, kind, ctx);
  require(resolved.has_value(), "NOT (c) does not resolve where c does", negated);
  require(expr::evaluate(*resolved, &base_item()) == !on_item, "NOT (c) == c on the item", negated);
  require(expr::evaluate(*resolved, nullptr) == !on_nothing, "NOT (c) == c on no item", negated);
}

void run_conditions(std::string_view text, const expr::AttributeNames* names,
                    const model::AttributeMap* values) {
  const expr::KeySchema schema{"pk", Type::S, "sk", Type::N};
  for (auto kind : {expr::ExprKind::ConditionExpression, expr::ExprKind::FilterExpression}) {
    auto parsed = expr::parse_condition(text, kind);
    if (!parsed) continue;
    (void)to_string(**parsed);
    expr::Context ctx(names, values);
    auto resolved = expr::resolve_condition(**parsed, kind, ctx);
    if (!resolved) continue;
    (void)ctx.check_unused();
    const bool on_item = expr::evaluate(*resolved, &base_item());
    const bool on_nothing = expr::evaluate(*resolved, nullptr);
    check_negation(text, kind, names, values, on_item, on_nothing);
    if (kind == expr::ExprKind::FilterExpression) {
      (void)expr::check_filter_keys(*resolved, schema);
    } else {
      (void)expr::key_condition_from(*resolved, schema);
    }
  }
  auto parsed = expr::parse_condition(text, expr::ExprKind::KeyConditionExpression);
  if (!parsed) return;
  expr::Context ctx(names, values);
  (void)expr::resolve_key_condition(**parsed, ctx, schema);
  (void)expr::resolve_key_condition(**parsed, ctx, expr::KeySchema{"pk", Type::S, "", Type::S});
}

void run_update(std::string_view text, const expr::AttributeNames* names,
                const model::AttributeMap* values) {
  auto parsed = expr::parse_update(text);
  if (!parsed) return;
  (void)to_string(**parsed);
  expr::Context ctx(names, values);
  auto resolved = expr::resolve_update(**parsed, ctx);
  if (!resolved) return;
  (void)ctx.check_unused();
  const expr::KeyNames key{"pk", "sk"};
  for (const model::Item& start : {base_item(), model::Item{{"pk", base_item().at("pk")}}}) {
    model::Item item = start;
    auto result = expr::apply_update(*resolved, item, key);
    if (!result) {
      require(item == start, "apply_update failed but changed the item", result.error().message);
      continue;
    }
    check_item(item);
    check_item(expr::project_paths(result->paths, item));
    check_item(expr::project_paths(result->paths, start));
  }
}

void run_projection(std::string_view text, const expr::AttributeNames* names) {
  auto parsed = expr::parse_projection(text);
  if (!parsed) return;
  (void)to_string(**parsed);
  expr::Context ctx(names, nullptr);
  auto resolved = expr::resolve_projection(**parsed, ctx);
  if (!resolved) return;
  check_item(expr::project(*resolved, base_item()));
}

}  // namespace
}  // namespace drydock::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace drydock;  // NOLINT
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  expr::AttributeNames names;
  model::AttributeMap values;
  fuzz::make_context(text, names, values);
  const expr::AttributeNames* names_or_null = names.empty() ? nullptr : &names;
  const model::AttributeMap* values_or_null = values.empty() ? nullptr : &values;
  (void)expr::validate_expression_attributes(names_or_null, values_or_null);
  fuzz::run_conditions(text, names_or_null, values_or_null);
  fuzz::run_update(text, names_or_null, values_or_null);
  fuzz::run_projection(text, names_or_null);
  return 0;
}
