#include "server/actions/key_condition.h"

#include "storage/key_codec.h"

namespace drydock::server::actions {
namespace {

using model::AttributeValue;
using Op = KeyCondition::Op;

std::optional<Op> legacy_op(std::string_view name) {
  if (name == "EQ") return Op::EQ;
  if (name == "LT") return Op::LT;
  if (name == "LE") return Op::LE;
  if (name == "GT") return Op::GT;
  if (name == "GE") return Op::GE;
  if (name == "BETWEEN") return Op::BETWEEN;
  if (name == "BEGINS_WITH") return Op::BEGINS_WITH;
  return std::nullopt;
}

std::size_t operand_count(Op op) { return op == Op::BETWEEN ? 2 : 1; }

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

std::string describe(const AttributeValue& v) {
  std::string text = v.is(model::Type::B) ? base64_encode(v.scalar()) : v.scalar();
  return "AttributeValue: {" + std::string(model::type_name(v.type())) + ":" + text + "}";
}

}  // namespace

model::Result<KeyCondition> key_condition_from_legacy(const JsonValue& conditions,
                                                      const storage::KeySchema& key) {
  KeyCondition out;
  bool have_hash = false;
  for (auto it = conditions.MemberBegin(); it != conditions.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (auto r = expect_object(it->value); !r) return std::unexpected(r.error());
    auto op_text = read_string(it->value, "ComparisonOperator");
    if (!op_text) return std::unexpected(op_text.error());
    auto list = read_array(it->value, "AttributeValueList");
    if (!list) return std::unexpected(list.error());
    if (!*op_text) {
      return model::fail_validation(
          "1 validation error detected: Value null at 'keyConditions." + std::string(name) +
          ".member.comparisonOperator' failed to satisfy constraint: Member must not be null");
    }
    auto op = legacy_op(**op_text);
    if (!op) {
      return model::fail_validation("Attempted conditional constraint is not an indexable operation");
    }
    std::vector<AttributeValue> values;
    if (*list) {
      for (const auto& v : (*list)->GetArray()) {
        auto value = decode_value(v);
        if (!value) return std::unexpected(value.error());
        values.push_back(std::move(*value));
      }
    }
    if (values.size() != operand_count(*op)) {
      return model::fail_validation(
          "One or more parameter values were invalid: Invalid number of argument(s) for the " +
          std::string(**op_text) + " ComparisonOperator");
    }
    if (name == key.hash.name) {
      if (*op != Op::EQ) return model::fail_validation("Query key condition not supported");
      out.hash = std::move(values[0]);
      have_hash = true;
    } else if (key.range && name == key.range->name) {
      out.sort_op = *op;
      out.sort_a = std::move(values[0]);
      if (values.size() > 1) out.sort_b = std::move(values[1]);
    } else {
      return model::fail_validation("Query key condition not supported");
    }
  }
  if (!have_hash) {
    return model::fail_validation("Query condition missed key schema element: " + key.hash.name);
  }
  return out;
}

model::Result<storage::QueryRange> query_range(const KeyCondition& c, const storage::KeySchema& key,
                                               bool forward) {
  auto mismatch = [] {
    return model::fail_validation(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  };
  if (c.hash.type() != key.hash.type) return mismatch();
  storage::QueryRange range;
  range.pk = storage::encode_key_value(c.hash);
  range.hash = storage::partition_hash(range.pk);
  range.forward = forward;
  if (!c.sort_op) return range;
  if (c.sort_a.type() != key.range->type) return mismatch();
  if (*c.sort_op == Op::BETWEEN && c.sort_b.type() != key.range->type) return mismatch();
  std::string a = storage::encode_key_value(c.sort_a);
  switch (*c.sort_op) {
    case Op::EQ:
      range.lower = storage::SortKeyBound{a, true};
      range.upper = storage::SortKeyBound{a, true};
      break;
    case Op::LT: range.upper = storage::SortKeyBound{a, false}; break;
    case Op::LE: range.upper = storage::SortKeyBound{a, true}; break;
    case Op::GT: range.lower = storage::SortKeyBound{a, false}; break;
    case Op::GE: range.lower = storage::SortKeyBound{a, true}; break;
    case Op::BETWEEN: {
      std::string b = storage::encode_key_value(c.sort_b);
      if (b < a) {
        return model::fail_validation(
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
            "greater than or equal to lower bound; lower operand: " +
            describe(c.sort_a) + ", upper operand: " + describe(c.sort_b));
      }
      range.lower = storage::SortKeyBound{a, true};
      range.upper = storage::SortKeyBound{b, true};
      break;
    }
    case Op::BEGINS_WITH: {
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
