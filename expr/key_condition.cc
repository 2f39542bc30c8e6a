#include "expr/key_condition.h"

#include <algorithm>
#include <vector>

namespace drydock::expr {
namespace {

using model::Result;
using SortOp = KeyCondition::SortOp;

constexpr std::string_view kNotSupported = "Query key condition not supported";

// One comparison of a key attribute with values.
struct KeyTerm {
  const std::string* name;
  SortOp op;
  const model::AttributeValue* first;
  const model::AttributeValue* second;  // Between: upper bound
};

std::string invalid_operator(std::string_view op) {
  return "Invalid operator used in KeyConditionExpression: " + std::string(op);
}

SortOp flipped(SortOp op) {
  switch (op) {
    case SortOp::LT: return SortOp::GT;
    case SortOp::LE: return SortOp::GE;
    case SortOp::GT: return SortOp::LT;
    case SortOp::GE: return SortOp::LE;
    default: return op;
  }
}

// Checks one operand that must be a top-level key attribute path.
Result<const std::string*> key_path(const Operand& op) {
  if (op.kind == Operand::Kind::Size) {
    return model::fail_validation("KeyConditionExpressions cannot contain nested operations");
  }
  if (op.kind != Operand::Kind::Path) return nullptr;
  if (op.path.elements.size() > 1) {
    return model::fail_validation(
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
        "allowed: Key: " +
        op.path.attribute());
  }
  return &op.path.attribute();
}

Result<void> collect(const Condition& c, std::vector<KeyTerm>& terms) {
  switch (c.kind) {
    case Condition::Kind::And:
      for (const auto& child : c.children) {
        if (auto r = collect(child, terms); !r) return r;
      }
      return model::ok();
    case Condition::Kind::Or: return model::fail_validation(invalid_operator("OR"));
    case Condition::Kind::Not: return model::fail_validation(invalid_operator("NOT"));
    case Condition::Kind::In: return model::fail_validation(invalid_operator("IN"));
    case Condition::Kind::AttributeExists:
      return model::fail_validation(invalid_operator("attribute_exists"));
    case Condition::Kind::AttributeNotExists:
      return model::fail_validation(invalid_operator("attribute_not_exists"));
    case Condition::Kind::AttributeType:
      return model::fail_validation(invalid_operator("attribute_type"));
    case Condition::Kind::Contains: return model::fail_validation(invalid_operator("contains"));
    case Condition::Kind::True: return model::ok();
    case Condition::Kind::Compare: {
      if (c.comparator == Comparator::NE) return model::fail_validation(invalid_operator("<>"));
      auto left = key_path(c.operands[0]);
      if (!left) return std::unexpected(left.error());
      auto right = key_path(c.operands[1]);
      if (!right) return std::unexpected(right.error());
      static constexpr SortOp kOps[] = {SortOp::EQ, SortOp::None, SortOp::LT,
                                        SortOp::LE, SortOp::GT,   SortOp::GE};
      SortOp op = kOps[static_cast<std::size_t>(c.comparator)];
      if (*left && !*right) {
        terms.push_back({*left, op, &c.operands[1].value, nullptr});
      } else if (*right && !*left) {
        terms.push_back({*right, flipped(op), &c.operands[0].value, nullptr});
      } else {
        return model::fail_validation(std::string(kNotSupported));
      }
      return model::ok();
    }
    case Condition::Kind::Between:
    case Condition::Kind::BeginsWith: {
      std::vector<const std::string*> names;
      for (const auto& op : c.operands) {
        auto name = key_path(op);
        if (!name) return std::unexpected(name.error());
        names.push_back(*name);
      }
      if (!names[0] || std::any_of(names.begin() + 1, names.end(), [](auto* n) { return n; })) {
        return model::fail_validation(std::string(kNotSupported));
      }
      bool between = c.kind == Condition::Kind::Between;
      terms.push_back({names[0], between ? SortOp::Between : SortOp::BeginsWith,
                       &c.operands[1].value, between ? &c.operands[2].value : nullptr});
      return model::ok();
    }
  }
  return model::ok();
}

Result<void> check_value(const model::AttributeValue& v, const std::string& name,
                         model::Type type) {
  if (v.type() != type) {
    return model::fail_validation(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  }
  if ((type == model::Type::S || type == model::Type::B) && v.scalar().empty()) {
    return model::fail_validation(
        std::string("One or more parameter values are not valid. The AttributeValue for a key "
                    "attribute cannot contain an empty ") +
        (type == model::Type::S ? "string" : "binary") + " value. Key: " + name);
  }
  return model::ok();
}

}  // namespace

Result<KeyCondition> key_condition_from(const Condition& condition, const KeySchema& schema) {
  std::vector<KeyTerm> terms;
  if (auto r = collect(condition, terms); !r) return std::unexpected(r.error());
  const KeyTerm* hash = nullptr;
  const KeyTerm* range = nullptr;
  for (const auto& term : terms) {
    const KeyTerm** slot = nullptr;
    if (*term.name == schema.hash) {
      slot = &hash;
    } else if (!schema.range.empty() && *term.name == schema.range) {
      slot = &range;
    } else if (schema.range.empty()) {
      if (hash) return model::fail_validation(std::string(kNotSupported));
      return model::fail_validation("Query condition missed key schema element: " + schema.hash);
    } else {
      return model::fail_validation("Query condition missed key schema element: " +
                                    (hash ? schema.range : schema.hash));
    }
    if (*slot) {
      return model::fail_validation(
          "KeyConditionExpressions must only contain one condition per key");
    }
    *slot = &term;
  }
  if (hash && hash->op != SortOp::EQ) return model::fail_validation(std::string(kNotSupported));
  if (!hash) {
    return model::fail_validation("Query condition missed key schema element: " + schema.hash);
  }
  if (auto r = check_value(*hash->first, schema.hash, schema.hash_type); !r) {
    return std::unexpected(r.error());
  }
  KeyCondition out;
  out.hash_value = *hash->first;
  if (range) {
    if (auto r = check_value(*range->first, schema.range, schema.range_type); !r) {
      return std::unexpected(r.error());
    }
    if (range->second) {
      if (auto r = check_value(*range->second, schema.range, schema.range_type); !r) {
        return std::unexpected(r.error());
      }
      out.sort_upper = *range->second;
    }
    out.sort_op = range->op;
    out.sort_value = *range->first;
  }
  return out;
}

Result<KeyCondition> resolve_key_condition(const ConditionExpr& expr, Context& ctx,
                                           const KeySchema& schema) {
  auto condition = resolve_condition(expr, ExprKind::KeyConditionExpression, ctx);
  if (!condition) return std::unexpected(condition.error());
  return key_condition_from(*condition, schema);
}

namespace {

Result<void> filter_operand_keys(const Operand& op, const KeySchema& schema) {
  if (op.kind == Operand::Kind::Path) {
    const std::string& name = op.path.attribute();
    if (name == schema.hash || (!schema.range.empty() && name == schema.range)) {
      return model::fail_validation(
          "Filter Expression can only contain non-primary key attributes: Primary key "
          "attribute: " +
          name);
    }
  }
  for (const auto& arg : op.args) {
    if (auto r = filter_operand_keys(arg, schema); !r) return r;
  }
  return model::ok();
}

}  // namespace

Result<void> check_filter_keys(const Condition& filter, const KeySchema& schema) {
  for (const auto& op : filter.operands) {
    if (auto r = filter_operand_keys(op, schema); !r) return r;
  }
  for (const auto& child : filter.children) {
    if (auto r = check_filter_keys(child, schema); !r) return r;
  }
  return model::ok();
}

}  // namespace drydock::expr
