#include "expr/resolved.h"

namespace drydock::expr {
namespace {

std::string path_text(const Path& path) {
  std::string out;
  for (std::size_t i = 0; i < path.elements.size(); ++i) {
    const auto& e = path.elements[i];
    if (e.is_index()) {
      out += '[' + std::to_string(e.index) + ']';
    } else {
      if (i > 0) out += '.';
      out += e.name;
    }
  }
  return out;
}

std::string value_text(const model::AttributeValue& v) {
  using model::Type;
  std::string body;
  switch (v.type()) {
    case Type::S:
    case Type::N:
    case Type::B: body = v.scalar(); break;
    case Type::BOOL: body = v.boolean_value() ? "true" : "false"; break;
    case Type::NULL_: body = "true"; break;
    case Type::SS:
    case Type::NS:
    case Type::BS:
      for (const auto& m : v.set_value()) body += (body.empty() ? "" : ",") + m;
      body = "[" + body + "]";
      break;
    case Type::L:
      for (const auto& e : v.list_value()) body += (body.empty() ? "" : ",") + value_text(e);
      body = "[" + body + "]";
      break;
    case Type::M:
      for (const auto& [k, e] : v.map_value()) {
        body += (body.empty() ? "" : ",") + k + "=" + value_text(e);
      }
      body = "{" + body + "}";
      break;
  }
  return "{" + std::string(model::type_name(v.type())) + ":" + body + "}";
}

}  // namespace

std::string to_string(const Operand& op) {
  switch (op.kind) {
    case Operand::Kind::Path: return path_text(op.path);
    case Operand::Kind::Value: return value_text(op.value);
    default: break;
  }
  std::string_view name = op.kind == Operand::Kind::Size          ? "size"
                          : op.kind == Operand::Kind::IfNotExists ? "if_not_exists"
                          : op.kind == Operand::Kind::ListAppend  ? "list_append"
                          : op.kind == Operand::Kind::Plus        ? "+"
                                                                  : "-";
  std::string out = "(" + std::string(name);
  for (const auto& arg : op.args) out += ' ' + to_string(arg);
  return out + ')';
}

std::string to_string(const Condition& c) {
  std::string_view head;
  switch (c.kind) {
    case Condition::Kind::Compare: head = comparator_text(c.comparator); break;
    case Condition::Kind::Between: head = "BETWEEN"; break;
    case Condition::Kind::In: head = "IN"; break;
    case Condition::Kind::AttributeExists: head = "attribute_exists"; break;
    case Condition::Kind::AttributeNotExists: head = "attribute_not_exists"; break;
    case Condition::Kind::AttributeType: head = "attribute_type"; break;
    case Condition::Kind::BeginsWith: head = "begins_with"; break;
    case Condition::Kind::Contains: head = "contains"; break;
    case Condition::Kind::And: head = "AND"; break;
    case Condition::Kind::Or: head = "OR"; break;
    case Condition::Kind::Not: head = "NOT"; break;
    case Condition::Kind::True: return "TRUE";
  }
  std::string out = "(" + std::string(head);
  for (const auto& op : c.operands) out += ' ' + to_string(op);
  for (const auto& child : c.children) out += ' ' + to_string(child);
  return out + ')';
}

std::string to_string(const Update& update) {
  std::string out;
  for (const auto& a : update.actions) {
    if (!out.empty()) out += "; ";
    switch (a.kind) {
      case UpdateAction::Kind::Set:
        out += "SET " + path_text(a.path) + " = " + to_string(a.value);
        break;
      case UpdateAction::Kind::Remove: out += "REMOVE " + path_text(a.path); break;
      case UpdateAction::Kind::Add:
        out += "ADD " + path_text(a.path) + ' ' + to_string(a.value);
        break;
      case UpdateAction::Kind::Delete:
        out += "DELETE " + path_text(a.path) + ' ' + to_string(a.value);
        break;
    }
  }
  return out;
}

}  // namespace drydock::expr
