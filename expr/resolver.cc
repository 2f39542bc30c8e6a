#include "expr/resolver.h"

#include <algorithm>
#include <array>
#include <optional>

#include "model/number.h"

namespace drydock::expr {
namespace {

using model::AttributeValue;
using model::Result;
using model::Type;

std::string prefix(ExprKind kind) { return "Invalid " + std::string(kind_name(kind)) + ": "; }

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool valid_placeholder(std::string_view key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  return std::all_of(key.begin() + 1, key.end(), is_word);
}

constexpr std::size_t kMaxPlaceholderLength = 255;
constexpr std::size_t kMaxAttributeNameLength = 65535;

// Renders keys the way DynamoDB lists them: "{#a, #b}".
template <typename Keys>
std::string key_list(const Keys& keys) {
  std::string out = "{";
  for (const auto& key : keys) {
    if (out.size() > 1) out += ", ";
    out += key;
  }
  return out + "}";
}

// The static type of an operand when it can be known before evaluation.
std::optional<Type> static_type(const Operand& op) {
  if (op.kind == Operand::Kind::Value) return op.value.type();
  if (op.kind == Operand::Kind::Size) return Type::N;
  return std::nullopt;
}

Result<void> operand_type_error(ExprKind kind, std::string_view op, Type type) {
  return model::fail_validation(prefix(kind) +
                                "Incorrect operand type for operator or function; operator or "
                                "function: " +
                                std::string(op) + ", operand type: " +
                                std::string(model::type_name(type)));
}

bool is_scalar_key_type(Type t) { return t == Type::S || t == Type::N || t == Type::B; }

// Compares two values of the same scalar type (S, N or B) the way DynamoDB orders them.
int compare_scalars(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == Type::N) {
    auto x = model::Number::parse(a.scalar());
    auto y = model::Number::parse(b.scalar());
    if (!x || !y) return 0;
    auto c = *x <=> *y;
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  int c = a.scalar().compare(b.scalar());  // bytewise; UTF-8 order equals code point order
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

class Resolver {
 public:
  Resolver(ExprKind kind, Context& ctx) : kind_(kind), ctx_(ctx) {}

  Result<Path> path(const PathExpr& expr) {
    Path path;
    path.elements.reserve(expr.steps.size());
    for (const auto& step : expr.steps) {
      switch (step.kind) {
        case PathStep::Kind::Name: path.elements.push_back(PathElement::key(step.name)); break;
        case PathStep::Kind::Placeholder: {
          auto name = ctx_.name(step.name, kind_);
          if (!name) return std::unexpected(name.error());
          path.elements.push_back(PathElement::key(std::string(*name)));
          break;
        }
        case PathStep::Kind::Index:
          path.elements.push_back(PathElement::at(static_cast<std::int64_t>(step.index)));
          break;
      }
    }
    return path;
  }

  // ---- conditions ----
  Result<Condition> condition(const ConditionExpr& expr) {
    Condition c;
    switch (expr.kind) {
      case ConditionExpr::Kind::And:
      case ConditionExpr::Kind::Or:
      case ConditionExpr::Kind::Not:
        c.kind = expr.kind == ConditionExpr::Kind::And  ? Condition::Kind::And
                 : expr.kind == ConditionExpr::Kind::Or ? Condition::Kind::Or
                                                        : Condition::Kind::Not;
        for (const auto& child : expr.children) {
          auto r = condition(child);
          if (!r) return r;
          c.children.push_back(std::move(*r));
        }
        return c;
      case ConditionExpr::Kind::Call: return call_condition(expr.operands[0]);
      case ConditionExpr::Kind::Compare:
        c.kind = Condition::Kind::Compare;
        c.comparator = expr.comparator;
        break;
      case ConditionExpr::Kind::Between: c.kind = Condition::Kind::Between; break;
      case ConditionExpr::Kind::In: c.kind = Condition::Kind::In; break;
    }
    if (auto r = operands(expr.operands, c.operands); !r) return std::unexpected(r.error());
    std::string_view op = expr.kind == ConditionExpr::Kind::Between ? "BETWEEN"
                          : expr.kind == ConditionExpr::Kind::In     ? "IN"
                                                                     : comparator_text(expr.comparator);
    if (auto r = distinct_first(c.operands, op); !r) return std::unexpected(r.error());
    if (expr.kind == ConditionExpr::Kind::Between) {
      if (auto r = check_between(c.operands); !r) return std::unexpected(r.error());
    } else if (expr.kind == ConditionExpr::Kind::Compare && expr.comparator != Comparator::EQ &&
               expr.comparator != Comparator::NE) {
      for (const auto& operand : c.operands) {
        auto t = static_type(operand);
        if (t && !is_scalar_key_type(*t)) return std::unexpected(operand_type_error(kind_, op, *t).error());
      }
    }
    return c;
  }

  Result<void> operands(const std::vector<OperandExpr>& exprs, std::vector<Operand>& out) {
    for (const auto& e : exprs) {
      auto op = operand(e);
      if (!op) return std::unexpected(op.error());
      out.push_back(std::move(*op));
    }
    return model::ok();
  }

  // "The first operand must be distinct from the remaining operands ..." when the same path
  // appears first and again later (DynamoDB rejects `a = a`, `a IN (:v, a)`, ...).
  Result<void> distinct_first(const std::vector<Operand>& ops, std::string_view op) {
    if (ops.empty() || ops[0].kind != Operand::Kind::Path) return model::ok();
    for (std::size_t i = 1; i < ops.size(); ++i) {
      if (ops[i].kind == Operand::Kind::Path && ops[i].path == ops[0].path) {
        return model::fail_validation(prefix(kind_) +
                                      "The first operand must be distinct from the remaining "
                                      "operands for this operator or function; operator: " +
                                      std::string(op) + ", first operand: " + to_string(ops[0].path));
      }
    }
    return model::ok();
  }

  Result<void> check_between(const std::vector<Operand>& ops) {
    for (const auto& operand : ops) {
      auto t = static_type(operand);
      if (t && !is_scalar_key_type(*t)) return operand_type_error(kind_, "BETWEEN", *t);
    }
    const Operand& lower = ops[1];
    const Operand& upper = ops[2];
    if (lower.kind != Operand::Kind::Value || upper.kind != Operand::Kind::Value) {
      return model::ok();
    }
    std::string bounds = "lower bound operand: " + describe_value(lower.value) +
                         ", upper bound operand: " + describe_value(upper.value);
    if (lower.value.type() != upper.value.type()) {
      return model::fail_validation(prefix(kind_) +
                                    "The BETWEEN operator requires same data type for lower and "
                                    "upper bounds; " +
                                    bounds);
    }
    if (compare_scalars(lower.value, upper.value) > 0) {
      return model::fail_validation(prefix(kind_) +
                                    "The BETWEEN operator requires upper bound to be greater than "
                                    "or equal to lower bound; " +
                                    bounds);
    }
    return model::ok();
  }

  Result<Condition> call_condition(const OperandExpr& call) {
    Condition c;
    switch (call.function) {
      case Function::attribute_exists: c.kind = Condition::Kind::AttributeExists; break;
      case Function::attribute_not_exists: c.kind = Condition::Kind::AttributeNotExists; break;
      case Function::attribute_type: c.kind = Condition::Kind::AttributeType; break;
      case Function::begins_with: c.kind = Condition::Kind::BeginsWith; break;
      default: c.kind = Condition::Kind::Contains; break;
    }
    if (auto r = operands(call.args, c.operands); !r) return std::unexpected(r.error());
    std::string_view name = function_name(call.function);
    if (auto r = distinct_first(c.operands, name); !r) return std::unexpected(r.error());
    if (call.function == Function::begins_with) {
      for (const auto& operand : c.operands) {
        auto t = static_type(operand);
        if (t && *t != Type::S && *t != Type::B) {
          return std::unexpected(operand_type_error(kind_, name, *t).error());
        }
      }
    } else if (call.function == Function::attribute_type) {
      if (auto r = check_type_name(c.operands[1]); !r) return std::unexpected(r.error());
    }
    return c;
  }

  Result<void> check_type_name(const Operand& op) {
    auto t = static_type(op);
    if (!t) {
      // DynamoDB lists every type its engine knows when the operand's type is unknown.
      return model::fail_validation(
          prefix(kind_) +
          "Incorrect operand type for operator or function; operator or function: "
          "attribute_type, operand type: {NS,L,HDS,FS,BS,DOUBLESET,SS,NULL,M,DECIMALSET,INT,"
          "DECIMAL,FLOAT,HD,S,DICT,DOUBLE,B,INTSET,N,BOOL}");
    }
    if (*t != Type::S) return operand_type_error(kind_, "attribute_type", *t);
    static constexpr std::array<std::string_view, 10> kNames = {"S", "N",  "B", "BOOL", "NULL",
                                                                "M", "L", "SS", "NS",   "BS"};
    const std::string& name = op.value.scalar();
    if (std::find(kNames.begin(), kNames.end(), name) == kNames.end()) {
      return model::fail_validation(prefix(kind_) + "Invalid attribute type name found; type: " +
                                    name + ", valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}");
    }
    return model::ok();
  }

  // ---- operands (conditions and SET values) ----
  Result<Operand> operand(const OperandExpr& expr) {
    Operand op;
    switch (expr.kind) {
      case OperandExpr::Kind::Path: {
        auto p = path(expr.path);
        if (!p) return std::unexpected(p.error());
        op.path = std::move(*p);
        return op;
      }
      case OperandExpr::Kind::Value: {
        auto v = ctx_.value(expr.value, kind_);
        if (!v) return std::unexpected(v.error());
        op.kind = Operand::Kind::Value;
        op.value = **v;
        return op;
      }
      case OperandExpr::Kind::Arith: {
        op.kind = expr.arith == ArithOp::Plus ? Operand::Kind::Plus : Operand::Kind::Minus;
        if (auto r = operands(expr.args, op.args); !r) return std::unexpected(r.error());
        std::string_view name = expr.arith == ArithOp::Plus ? "+" : "-";
        for (const auto& arg : op.args) {
          if (arg.kind == Operand::Kind::Value && !arg.value.is(Type::N)) {
            return std::unexpected(operand_type_error(kind_, name, arg.value.type()).error());
          }
        }
        return op;
      }
      case OperandExpr::Kind::Call: break;
    }
    if (auto r = operands(expr.args, op.args); !r) return std::unexpected(r.error());
    std::string_view name = function_name(expr.function);
    switch (expr.function) {
      case Function::size: {
        op.kind = Operand::Kind::Size;
        auto t = static_type(op.args[0]);
        if (t && (*t == Type::N || *t == Type::BOOL || *t == Type::NULL_)) {
          return std::unexpected(operand_type_error(kind_, name, *t).error());
        }
        return op;
      }
      case Function::if_not_exists: op.kind = Operand::Kind::IfNotExists; return op;
      case Function::list_append:
        op.kind = Operand::Kind::ListAppend;
        for (const auto& arg : op.args) {
          if (arg.kind == Operand::Kind::Value && !arg.value.is(Type::L)) {
            return std::unexpected(operand_type_error(kind_, name, arg.value.type()).error());
          }
        }
        return op;
      default: return std::unexpected(model::Error::internal("misplaced function"));
    }
  }

  // ---- updates ----
  Result<Update> update(const UpdateExpr& expr) {
    const std::size_t n = expr.actions.size();
    Update update;
    update.actions.resize(n);
    // Names, last action first.
    for (std::size_t i = n; i-- > 0;) {
      const auto& a = expr.actions[i];
      update.actions[i].kind = static_cast<UpdateAction::Kind>(a.kind);
      auto p = path(a.path);
      if (!p) return std::unexpected(p.error());
      update.actions[i].path = std::move(*p);
      if (auto r = names_in(a.value); !r) return std::unexpected(r.error());
    }
    std::vector<const Path*> paths;
    for (const auto& action : update.actions) paths.push_back(&action.path);
    if (auto r = check_paths_disjoint(paths, kind_); !r) return std::unexpected(r.error());
    // Values and types, last action first.
    for (std::size_t i = n; i-- > 0;) {
      const auto& a = expr.actions[i];
      if (a.kind == UpdateActionExpr::Kind::Remove) continue;
      auto v = operand(a.value);
      if (!v) return std::unexpected(v.error());
      if (a.kind == UpdateActionExpr::Kind::Add || a.kind == UpdateActionExpr::Kind::Delete) {
        if (auto r = check_add_delete(a.kind, v->value); !r) return std::unexpected(r.error());
      }
      update.actions[i].value = std::move(*v);
    }
    return update;
  }

  // Resolves the names of an operand tree (values are resolved in the later pass).
  Result<void> names_in(const OperandExpr& expr) {
    if (expr.kind == OperandExpr::Kind::Path) {
      auto p = path(expr.path);
      if (!p) return std::unexpected(p.error());
      return model::ok();
    }
    for (const auto& arg : expr.args) {
      if (auto r = names_in(arg); !r) return r;
    }
    return model::ok();
  }

  Result<void> check_add_delete(UpdateActionExpr::Kind kind, const AttributeValue& v) {
    bool add = kind == UpdateActionExpr::Kind::Add;
    if (model::is_set_type(v.type()) || (add && v.is(Type::N))) return model::ok();
    std::string_view type;
    switch (v.type()) {
      case Type::S: type = "STRING"; break;
      case Type::N: type = "NUMBER"; break;
      case Type::B: type = "BINARY"; break;
      case Type::BOOL: type = "BOOLEAN"; break;
      case Type::NULL_: type = "NULL"; break;
      case Type::M: type = "MAP"; break;
      default: type = "LIST"; break;
    }
    return model::fail_validation(
        prefix(kind_) + "Incorrect operand type for operator or function; operator: " +
        (add ? "ADD" : "DELETE") + ", operand type: " + std::string(type) +
        ", typeSet: " + (add ? "ALLOWED_FOR_ADD_OPERAND" : "ALLOWED_FOR_DELETE_OPERAND"));
  }

 private:
  ExprKind kind_;
  Context& ctx_;
};

}  // namespace

std::string to_string(const Path& path) {
  std::string out = "[";
  for (std::size_t i = 0; i < path.elements.size(); ++i) {
    if (i > 0) out += ", ";
    const auto& e = path.elements[i];
    out += e.is_index() ? "[" + std::to_string(e.index) + "]" : e.name;
  }
  return out + "]";
}

std::string describe_value(const AttributeValue& value) {
  std::string body;
  switch (value.type()) {
    case Type::S:
    case Type::N: body = value.scalar(); break;
    case Type::B: {
      // DynamoDB's engine prints the Java buffer that holds the bytes.
      std::string n = std::to_string(value.scalar().size());
      body = "java.nio.HeapByteBuffer[pos=0 lim=" + n + " cap=" + n + "]";
      break;
    }
    case Type::BOOL: body = value.boolean_value() ? "true" : "false"; break;
    case Type::NULL_: body = "true"; break;
    default: body = "..."; break;
  }
  return "AttributeValue: {" + std::string(model::type_name(value.type())) + ":" + body + "}";
}

Result<void> validate_expression_attributes(const AttributeNames* names,
                                            const model::AttributeMap* values) {
  if (names) {
    if (names->empty()) return model::fail_validation("ExpressionAttributeNames must not be empty");
    for (const auto& [key, name] : *names) {
      if (key.size() > kMaxPlaceholderLength) {
        return model::fail_validation(
            "ExpressionAttributeNames contains invalid key: The expression attribute map "
            "contains a key that is too long; size of key: " +
            std::to_string(key.size()));
      }
      if (!valid_placeholder(key, '#')) {
        return model::fail_validation(
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
      }
      if (name.empty()) {
        return model::fail_validation(
            "ExpressionAttributeNames contains invalid value: Empty attribute name for key " + key);
      }
      if (name.size() > kMaxAttributeNameLength) {
        return model::fail_validation(
            "ExpressionAttributeNames contains invalid value: Attribute name is too large, must "
            "be less than 65536 bytes for key " +
            key);
      }
    }
  }
  if (values) {
    if (values->empty()) {
      return model::fail_validation("ExpressionAttributeValues must not be empty");
    }
    for (const auto& [key, value] : *values) {
      if (key.size() > kMaxPlaceholderLength) {
        return model::fail_validation(
            "ExpressionAttributeValues contains invalid key: The expression attribute map "
            "contains a key that is too long;");
      }
      if (!valid_placeholder(key, ':')) {
        return model::fail_validation(
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
      }
    }
  }
  return model::ok();
}

Result<std::string_view> Context::name(std::string_view placeholder, ExprKind kind) {
  if (names_) {
    auto it = names_->find(placeholder);
    if (it != names_->end()) {
      used_names_.emplace(placeholder);
      return std::string_view(it->second);
    }
  }
  return model::fail_validation(
      prefix(kind) +
      "An expression attribute name used in the document path is not defined; attribute name: " +
      std::string(placeholder));
}

Result<const AttributeValue*> Context::value(std::string_view placeholder, ExprKind kind) {
  if (values_) {
    auto it = values_->find(placeholder);
    if (it != values_->end()) {
      used_values_.emplace(placeholder);
      return &it->second;
    }
  }
  return model::fail_validation(
      prefix(kind) +
      "An expression attribute value used in expression is not defined; attribute value: " +
      std::string(placeholder));
}

Result<void> Context::check_unused() const {
  auto unused = [](const auto* map, const auto& used) {
    std::vector<std::string> keys;
    if (map) {
      for (const auto& entry : *map) {
        if (!used.contains(entry.first)) keys.push_back(entry.first);
      }
    }
    return keys;
  };
  if (auto keys = unused(names_, used_names_); !keys.empty()) {
    return model::fail_validation(
        "Value provided in ExpressionAttributeNames unused in expressions: keys: " +
        key_list(keys));
  }
  if (auto keys = unused(values_, used_values_); !keys.empty()) {
    return model::fail_validation(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: " +
        key_list(keys));
  }
  return model::ok();
}

Result<Condition> resolve_condition(const ConditionExpr& expr, ExprKind kind, Context& ctx) {
  return Resolver(kind, ctx).condition(expr);
}

Result<Update> resolve_update(const UpdateExpr& expr, Context& ctx) {
  return Resolver(ExprKind::UpdateExpression, ctx).update(expr);
}

Result<Path> resolve_path(const PathExpr& path, ExprKind kind, Context& ctx) {
  return Resolver(kind, ctx).path(path);
}

Result<Projection> resolve_projection(const ProjectionExpr& expr, Context& ctx) {
  Resolver resolver(ExprKind::ProjectionExpression, ctx);
  Projection projection;
  for (const auto& p : expr.paths) {
    auto path = resolver.path(p);
    if (!path) return std::unexpected(path.error());
    projection.paths.push_back(std::move(*path));
  }
  std::vector<const Path*> paths;
  for (const auto& path : projection.paths) paths.push_back(&path);
  if (auto r = check_paths_disjoint(paths, ExprKind::ProjectionExpression); !r) {
    return std::unexpected(r.error());
  }
  return projection;
}

Result<void> check_paths_disjoint(const std::vector<const Path*>& paths, ExprKind kind) {
  // Quadratic, but expressions are at most 4 KB.
  for (std::size_t i = paths.size(); i-- > 0;) {
    const auto& one = paths[i]->elements;
    for (std::size_t j = paths.size(); j-- > i + 1;) {
      const auto& two = paths[j]->elements;
      std::size_t common = std::min(one.size(), two.size());
      std::size_t k = 0;
      while (k < common && one[k] == two[k]) ++k;
      const char* what = nullptr;
      if (k == common) {
        what = "overlap";
      } else if (one[k].is_index() != two[k].is_index()) {
        what = "conflict";
      }
      if (what) {
        return model::fail_validation(prefix(kind) + "Two document paths " + what +
                                      " with each other; must remove or rewrite one of these "
                                      "paths; path one: " +
                                      to_string(*paths[i]) + ", path two: " + to_string(*paths[j]));
      }
    }
  }
  return model::ok();
}

}  // namespace drydock::expr
