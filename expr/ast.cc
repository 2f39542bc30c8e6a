#include "expr/ast.h"

#include <array>

namespace drydock::expr {

std::string_view kind_name(ExprKind kind) {
  static constexpr std::array<std::string_view, 5> kNames = {
      "ConditionExpression", "FilterExpression", "KeyConditionExpression", "UpdateExpression",
      "ProjectionExpression"};
  return kNames[static_cast<std::size_t>(kind)];
}

std::string_view function_name(Function f) {
  static constexpr std::array<std::string_view, 8> kNames = {
      "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with",
      "contains",         "size",                 "if_not_exists",  "list_append"};
  return kNames[static_cast<std::size_t>(f)];
}

std::string_view comparator_text(Comparator c) {
  static constexpr std::array<std::string_view, 6> kText = {"=", "<>", "<", "<=", ">", ">="};
  return kText[static_cast<std::size_t>(c)];
}

std::string to_string(const PathExpr& path) {
  std::string out;
  for (std::size_t i = 0; i < path.steps.size(); ++i) {
    const PathStep& step = path.steps[i];
    if (step.kind == PathStep::Kind::Index) {
      out += '[' + std::to_string(step.index) + ']';
    } else {
      if (i > 0) out += '.';
      out += step.name;
    }
  }
  return out;
}

std::string to_string(const OperandExpr& operand) {
  switch (operand.kind) {
    case OperandExpr::Kind::Path: return to_string(operand.path);
    case OperandExpr::Kind::Value: return operand.value;
    case OperandExpr::Kind::Call: {
      std::string out = "(" + std::string(function_name(operand.function));
      for (const auto& arg : operand.args) out += ' ' + to_string(arg);
      return out + ')';
    }
    case OperandExpr::Kind::Arith:
      return std::string(operand.arith == ArithOp::Plus ? "(+ " : "(- ") +
             to_string(operand.args[0]) + ' ' + to_string(operand.args[1]) + ')';
  }
  return {};
}

std::string to_string(const ConditionExpr& c) {
  std::string out;
  auto operands = [&](std::size_t from) {
    for (std::size_t i = from; i < c.operands.size(); ++i) out += ' ' + to_string(c.operands[i]);
  };
  switch (c.kind) {
    case ConditionExpr::Kind::Compare:
      out = "(" + std::string(comparator_text(c.comparator));
      operands(0);
      break;
    case ConditionExpr::Kind::Between:
      out = "(BETWEEN";
      operands(0);
      break;
    case ConditionExpr::Kind::In:
      out = "(IN";
      operands(0);
      break;
    case ConditionExpr::Kind::Call: return to_string(c.operands[0]);
    case ConditionExpr::Kind::And:
    case ConditionExpr::Kind::Or:
    case ConditionExpr::Kind::Not:
      out = c.kind == ConditionExpr::Kind::And ? "(AND"
            : c.kind == ConditionExpr::Kind::Or ? "(OR"
                                                : "(NOT";
      for (const auto& child : c.children) out += ' ' + to_string(child);
      break;
  }
  return out + ')';
}

std::string to_string(const UpdateExpr& update) {
  std::string out;
  for (const auto& action : update.actions) {
    if (!out.empty()) out += "; ";
    switch (action.kind) {
      case UpdateActionExpr::Kind::Set:
        out += "SET " + to_string(action.path) + " = " + to_string(action.value);
        break;
      case UpdateActionExpr::Kind::Remove: out += "REMOVE " + to_string(action.path); break;
      case UpdateActionExpr::Kind::Add:
        out += "ADD " + to_string(action.path) + ' ' + to_string(action.value);
        break;
      case UpdateActionExpr::Kind::Delete:
        out += "DELETE " + to_string(action.path) + ' ' + to_string(action.value);
        break;
    }
  }
  return out;
}

std::string to_string(const ProjectionExpr& projection) {
  std::string out;
  for (const auto& path : projection.paths) {
    if (!out.empty()) out += ", ";
    out += to_string(path);
  }
  return out;
}

}  // namespace drydock::expr
