#include "expr/legacy.h"

#include <algorithm>
#include <array>

#include "model/number.h"

namespace drydock::expr {
namespace {

using model::AttributeValue;
using model::Result;
using model::Type;
using Op = ComparisonOperator;

constexpr std::array<std::string_view, 13> kOperatorNames = {
    "EQ",       "NE",           "LE",          "LT", "GE",     "GT",     "NOT_NULL",
    "NULL",     "CONTAINS",     "NOT_CONTAINS", "BEGINS_WITH", "IN", "BETWEEN"};

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

Operand path_operand(const std::string& name) {
  Operand op;
  op.path.elements.push_back(PathElement::key(name));
  return op;
}

Operand value_operand(const AttributeValue& v) {
  Operand op;
  op.kind = Operand::Kind::Value;
  op.value = v;
  return op;
}

bool is_scalar(Type t) { return t == Type::S || t == Type::N || t == Type::B; }

// The value types each operator accepts.
bool type_allowed(Op op, Type t) {
  switch (op) {
    case Op::EQ:
    case Op::NE: return true;
    case Op::BEGINS_WITH: return t == Type::S || t == Type::B;
    default: return is_scalar(t);
  }
}

int compare_scalars(const AttributeValue& a, const AttributeValue& b) {
  if (a.is(Type::N)) {
    auto x = model::Number::parse(a.scalar());
    auto y = model::Number::parse(b.scalar());
    if (x && y) {
      auto c = *x <=> *y;
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
  }
  int c = a.scalar().compare(b.scalar());
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

Result<Condition> one_condition(const std::string& name, Op op,
                                const std::vector<AttributeValue>& values) {
  std::size_t n = values.size();
  bool count_ok = op == Op::NOT_NULL || op == Op::NULL_ ? n == 0
                  : op == Op::BETWEEN                  ? n == 2
                  : op == Op::IN                       ? n >= 1
                                                       : n == 1;
  if (!count_ok) {
    return model::fail_validation(std::string(kInvalid) + "Invalid number of argument(s) for the " +
                                  std::string(operator_name(op)) + " ComparisonOperator");
  }
  for (const auto& v : values) {
    if (!type_allowed(op, v.type())) {
      return model::fail_validation(std::string(kInvalid) + "ComparisonOperator " +
                                    std::string(operator_name(op)) + " is not valid for " +
                                    std::string(model::type_name(v.type())) +
                                    " AttributeValue type");
    }
  }
  if (op == Op::IN || op == Op::BETWEEN) {
    for (const auto& v : values) {
      if (v.type() != values.front().type()) {
        return model::fail_validation(std::string(kInvalid) +
                                      "AttributeValues inside AttributeValueList must be of same "
                                      "type");
      }
    }
  }
  Condition c;
  c.operands.push_back(path_operand(name));
  for (const auto& v : values) c.operands.push_back(value_operand(v));
  switch (op) {
    case Op::EQ:
    case Op::NE:
    case Op::LE:
    case Op::LT:
    case Op::GE:
    case Op::GT: {
      static constexpr Comparator kComparators[] = {Comparator::EQ, Comparator::NE,
                                                    Comparator::LE, Comparator::LT,
                                                    Comparator::GE, Comparator::GT};
      c.kind = Condition::Kind::Compare;
      c.comparator = kComparators[static_cast<std::size_t>(op)];
      return c;
    }
    case Op::NOT_NULL: c.kind = Condition::Kind::AttributeExists; return c;
    case Op::NULL_: c.kind = Condition::Kind::AttributeNotExists; return c;
    case Op::CONTAINS: c.kind = Condition::Kind::Contains; return c;
    case Op::NOT_CONTAINS: {
      // The attribute must exist: NOT_CONTAINS on a missing attribute is false.
      c.kind = Condition::Kind::Contains;
      Condition exists;
      exists.kind = Condition::Kind::AttributeExists;
      exists.operands.push_back(path_operand(name));
      Condition negated;
      negated.kind = Condition::Kind::Not;
      negated.children.push_back(std::move(c));
      Condition both;
      both.kind = Condition::Kind::And;
      both.children.push_back(std::move(exists));
      both.children.push_back(std::move(negated));
      return both;
    }
    case Op::BEGINS_WITH: c.kind = Condition::Kind::BeginsWith; return c;
    case Op::IN: c.kind = Condition::Kind::In; return c;
    case Op::BETWEEN:
      if (values[0].type() == values[1].type() && compare_scalars(values[0], values[1]) > 0) {
        return model::fail_validation(
            "The BETWEEN condition was provided a range where the lower bound is greater than "
            "the upper bound");
      }
      c.kind = Condition::Kind::Between;
      return c;
  }
  return c;
}

Condition join(std::vector<Condition> parts, ConditionalOperator op) {
  if (parts.empty()) return Condition{};  // True
  if (parts.size() == 1) return std::move(parts[0]);
  Condition c;
  c.kind = op == ConditionalOperator::AND ? Condition::Kind::And : Condition::Kind::Or;
  c.children = std::move(parts);
  return c;
}

std::string_view long_type_name(Type t) {
  switch (t) {
    case Type::S: return "STRING";
    case Type::N: return "NUMBER";
    case Type::B: return "BINARY";
    case Type::BOOL: return "BOOLEAN";
    case Type::NULL_: return "NULL";
    case Type::M: return "MAP";
    case Type::L: return "LIST";
    case Type::SS: return "STRING_SET";
    case Type::NS: return "NUMBER_SET";
    case Type::BS: return "BINARY_SET";
  }
  return "";
}

}  // namespace

std::string_view operator_name(ComparisonOperator op) {
  return kOperatorNames[static_cast<std::size_t>(op)];
}

Result<ComparisonOperator> parse_comparison_operator(std::string_view name) {
  for (std::size_t i = 0; i < kOperatorNames.size(); ++i) {
    if (kOperatorNames[i] == name) return static_cast<ComparisonOperator>(i);
  }
  return model::fail_validation("Comparison type does not exist in DynamoDB");
}

Result<Condition> build_expected(const ExpectedMap& expected, ConditionalOperator op) {
  std::vector<Condition> parts;
  for (const auto& [name, e] : expected) {
    if (e.exists && e.op) {
      return model::fail_validation(std::string(kInvalid) +
                                    "Exists and ComparisonOperator cannot be used together for "
                                    "Attribute: " + name);
    }
    if (!e.op && e.values) {
      return model::fail_validation(std::string(kInvalid) +
                                    "AttributeValueList can only be used with a ComparisonOperator "
                                    "for Attribute: " + name);
    }
    if (e.op) {
      if (e.value && e.values) {
        return model::fail_validation(std::string(kInvalid) +
                                      "Value and AttributeValueList cannot be used together for "
                                      "Attribute: " +
                                      name);
      }
      std::vector<AttributeValue> values;
      if (e.values) {
        values = *e.values;
      } else if (e.value) {
        values.push_back(*e.value);
      } else if (*e.op != Op::NULL_ && *e.op != Op::NOT_NULL) {
        return model::fail_validation(std::string(kInvalid) +
                                      "Value or AttributeValueList must be used with "
                                      "ComparisonOperator: " +
                                      std::string(operator_name(*e.op)) + " for Attribute: " + name);
      }
      auto c = one_condition(name, *e.op, values);
      if (!c) return c;
      parts.push_back(std::move(*c));
      continue;
    }
    if (e.exists && !*e.exists) {
      if (e.value) {
        return model::fail_validation(std::string(kInvalid) +
                                      "Value cannot be used when Exists is false for Attribute: " +
                                      name);
      }
      auto c = one_condition(name, Op::NULL_, {});
      if (!c) return c;
      parts.push_back(std::move(*c));
      continue;
    }
    if (!e.value) {
      return model::fail_validation(std::string(kInvalid) + "Value must be provided when Exists is " +
                                    (e.exists ? "true" : "null") + " for Attribute: " + name);
    }
    auto c = one_condition(name, Op::EQ, {*e.value});
    if (!c) return c;
    parts.push_back(std::move(*c));
  }
  return join(std::move(parts), op);
}

Result<Condition> build_filter(const FilterMap& filter, ConditionalOperator op) {
  std::vector<Condition> parts;
  for (const auto& [name, f] : filter) {
    auto c = one_condition(name, f.op, f.values);
    if (!c) return c;
    parts.push_back(std::move(*c));
  }
  return join(std::move(parts), op);
}

Result<Update> build_attribute_updates(const AttributeUpdateMap& updates) {
  Update update;
  update.legacy = true;
  for (const auto& [name, u] : updates) {
    UpdateAction action;
    action.path.elements.push_back(PathElement::key(name));
    if (!u.value) {
      if (u.action != AttributeUpdate::Action::DELETE) {
        return model::fail_validation(std::string(kInvalid) +
                                      "Only DELETE action is allowed when no attribute value is "
                                      "specified");
      }
      action.kind = UpdateAction::Kind::Remove;
    } else if (u.action == AttributeUpdate::Action::PUT) {
      action.kind = UpdateAction::Kind::Set;
      action.value = value_operand(*u.value);
    } else {
      Type t = u.value->type();
      bool add = u.action == AttributeUpdate::Action::ADD;
      bool ok = model::is_set_type(t) || (add && (t == Type::N || t == Type::L));
      if (!ok) {
        return model::fail_validation(std::string(kInvalid) + (add ? "ADD" : "DELETE") +
                                      " action " + (add ? "" : "with value ") +
                                      "is not supported for the type " +
                                      std::string(long_type_name(t)));
      }
      action.kind = add ? UpdateAction::Kind::Add : UpdateAction::Kind::Delete;
      action.value = value_operand(*u.value);
    }
    update.actions.push_back(std::move(action));
  }
  return update;
}

Projection build_attributes_to_get(const std::vector<std::string>& names) {
  Projection p;
  for (const auto& name : names) p.paths.push_back(Path{{PathElement::key(name)}});
  return p;
}

Result<void> check_no_mixing(std::vector<std::string_view> legacy_params,
                             std::vector<std::string_view> expression_params) {
  if (legacy_params.empty() || expression_params.empty()) return model::ok();
  auto list = [](const std::vector<std::string_view>& xs) {
    std::string out = "{";
    for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ", " : "") + std::string(xs[i]);
    return out + "}";
  };
  return model::fail_validation(
      "Can not use both expression and non-expression parameters in the same request: "
      "Non-expression parameters: " +
      list(legacy_params) + " Expression parameters: " + list(expression_params));
}

}  // namespace drydock::expr
