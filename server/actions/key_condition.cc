#include "server/actions/key_condition.h"

#include "storage/key_codec.h"

namespace drydock::server::actions {
namespace {

using model::AttributeValue;
using Op = expr::KeyCondition::SortOp;

// The smallest byte string greater than every string with this prefix; nullopt when none
// exists (all bytes 0xff).
std::optional<std::string> prefix_successor(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<unsigned char>(prefix.back());
    if (last < 0xff) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return std::nullopt;
}


}  // namespace

model::Result<storage::QueryRange> query_range(const expr::KeyCondition& c,
                                               const storage::KeySchema& key, bool forward) {
  auto mismatch = [] {
    return model::fail_validation(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  };
  if (c.hash_value.type() != key.hash.type) return mismatch();
  storage::QueryRange range;
  range.pk = storage::encode_key_value(c.hash_value);
  range.hash = storage::partition_hash(range.pk);
  range.forward = forward;
  if (c.sort_op == Op::None) return range;
  if (c.sort_value.type() != key.range->type) return mismatch();
  if (c.sort_op == Op::Between && c.sort_upper.type() != key.range->type) return mismatch();
  std::string a = storage::encode_key_value(c.sort_value);
  switch (c.sort_op) {
    case Op::None:
      break;
    case Op::EQ:
      range.lower = storage::SortKeyBound{a, true};
      range.upper = storage::SortKeyBound{a, true};
      break;
    case Op::LT: range.upper = storage::SortKeyBound{a, false}; break;
    case Op::LE: range.upper = storage::SortKeyBound{a, true}; break;
    case Op::GT: range.lower = storage::SortKeyBound{a, false}; break;
    case Op::GE: range.lower = storage::SortKeyBound{a, true}; break;
    case Op::Between: {
      std::string b = storage::encode_key_value(c.sort_upper);
      if (b < a) {
        return model::fail_validation(
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
            "greater than or equal to lower bound; lower bound operand: " +
            expr::describe_value(c.sort_value) +
            ", upper bound operand: " + expr::describe_value(c.sort_upper));
      }
      range.lower = storage::SortKeyBound{a, true};
      range.upper = storage::SortKeyBound{b, true};
      break;
    }
    case Op::BeginsWith: {
      if (key.range->type == model::Type::N) {
        return model::fail_validation(
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N");
      }
      range.lower = storage::SortKeyBound{a, true};
      if (auto next = prefix_successor(a)) range.upper = storage::SortKeyBound{*next, false};
      break;
    }
  }
  return range;
}

}  // namespace drydock::server::actions
