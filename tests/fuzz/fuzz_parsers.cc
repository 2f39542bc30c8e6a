// libFuzzer target: every expression parser, then resolution against a fixed context and
// evaluation, must return a value or an Error for any input; never crash or hang.
// Build (not part of the CMake build). Needs a clang whose standard library has
// std::expected: clang >= 16 (clang 14 with libstdc++ 12 or libc++ 14 lacks it):
//   clang++-16 -std=c++23 -g -O1 -fsanitize=fuzzer,address,undefined -I. \
//     tests/expr/fuzz_parsers.cc expr/*.cc model/*.cc -o /tmp/fuzz_parsers
//   /tmp/fuzz_parsers -max_total_time=60 -max_len=4200
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "expr/evaluate.h"
#include "expr/key_condition.h"
#include "expr/parser.h"
#include "expr/resolver.h"

using namespace drydock;  // NOLINT

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const expr::AttributeNames names{{"#a", "a"}, {"#b", "b"}};
  static const model::AttributeMap values{
      {":v", model::AttributeValue::number("1")},
      {":s", model::AttributeValue::string("x")},
      {":l", model::AttributeValue::list({model::AttributeValue::number("2")})}};
  static const model::Item item{
      {"a", model::AttributeValue::number("5")},
      {"l", model::AttributeValue::list({model::AttributeValue::string("y")})}};
  for (auto kind : {expr::ExprKind::ConditionExpression, expr::ExprKind::KeyConditionExpression}) {
    if (auto c = expr::parse_condition(text, kind)) {
      expr::Context ctx(&names, &values);
      if (kind == expr::ExprKind::KeyConditionExpression) {
        (void)expr::resolve_key_condition(**c, ctx, expr::KeySchema{"a", model::Type::N, "b",
                                                                    model::Type::S});
      } else if (auto r = expr::resolve_condition(**c, kind, ctx)) {
        (void)expr::evaluate(*r, &item);
        (void)to_string(**c);
      }
    }
  }
  if (auto u = expr::parse_update(text)) {
    expr::Context ctx(&names, &values);
    if (auto r = expr::resolve_update(**u, ctx)) {
      model::Item copy = item;
      (void)expr::apply_update(*r, copy, expr::KeyNames{"k", ""});
    }
  }
  if (auto p = expr::parse_projection(text)) {
    expr::Context ctx(&names, &values);
    if (auto r = expr::resolve_projection(**p, ctx)) (void)expr::project(*r, item);
  }
  return 0;
}
