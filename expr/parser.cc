#include "expr/parser.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "expr/lexer.h"
#include "expr/reserved_words.h"

namespace drydock::expr {
namespace {

using detail::Tok;
using detail::Token;
using model::Error;
using model::Result;

// Nesting guard: deeper input cannot be valid (every level is an operator or a redundant
// parenthesis), so stop before the stack does.
constexpr int kMaxRecursion = 400;

// Number of UTF-16 code units, which is how DynamoDB measures expression size.
std::size_t utf16_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

std::string size_error(ExprKind kind, std::size_t size) {
  std::string msg = "Invalid " + std::string(kind_name(kind)) +
                    ": Expression size has exceeded the maximum allowed size;";
  // DynamoDB reports the size for condition-like expressions only.
  if (kind != ExprKind::UpdateExpression && kind != ExprKind::ProjectionExpression) {
    msg += " expression size: " + std::to_string(size);
  }
  return msg;
}

std::optional<Function> lookup_function(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, Function>, 8> kFunctions = {{
      {"attribute_exists", Function::attribute_exists},
      {"attribute_not_exists", Function::attribute_not_exists},
      {"attribute_type", Function::attribute_type},
      {"begins_with", Function::begins_with},
      {"contains", Function::contains},
      {"size", Function::size},
      {"if_not_exists", Function::if_not_exists},
      {"list_append", Function::list_append},
  }};
  for (const auto& [text, f] : kFunctions) {
    if (text == name) return f;
  }
  return std::nullopt;
}

// A parsed piece plus whether it was written inside parentheses (for the redundant
// parentheses check: `((x))`).
template <typename T>
struct Parsed {
  T node;
  bool parenthesized = false;
};

// Recursive descent with backtracking at the two ambiguous points (a '(' that opens a
// condition or an operand; a SET value that is an operand or a parenthesised value). Every
// failed expectation records its token position; on failure the farthest one is the first
// token at which the input stops being a prefix of a valid expression, which is the token
// DynamoDB's parser reports.
class Parser {
 public:
  Parser(std::string_view text, ExprKind kind)
      : text_(text), kind_(kind), toks_(detail::tokenize(text)) {}

  Result<ConditionExpr> condition() {
    auto c = parse_or();
    if (c && expect(Tok::End)) return finish_condition(std::move(c->node));
    return std::unexpected(syntax_error());
  }

  Result<UpdateExpr> update() {
    UpdateExpr update;
    std::array<bool, 4> seen{};
    std::optional<Error> duplicate;
    bool any = false;
    while (true) {
      Tok t = peek();
      UpdateActionExpr::Kind kind;
      if (t == Tok::Set) {
        kind = UpdateActionExpr::Kind::Set;
      } else if (t == Tok::Remove) {
        kind = UpdateActionExpr::Kind::Remove;
      } else if (t == Tok::Add) {
        kind = UpdateActionExpr::Kind::Add;
      } else if (t == Tok::Delete) {
        kind = UpdateActionExpr::Kind::Delete;
      } else {
        note_fail();
        break;
      }
      auto& flag = seen[static_cast<std::size_t>(kind)];
      if (flag && !duplicate) {
        static constexpr std::array<std::string_view, 4> kNames = {"SET", "REMOVE", "ADD",
                                                                   "DELETE"};
        duplicate = Error::validation(prefix() + "The \"" +
                                      std::string(kNames[static_cast<std::size_t>(kind)]) +
                                      "\" section can only be used once in an update expression;");
      }
      flag = true;
      ++pos_;
      if (!update_clause(kind, update)) return std::unexpected(syntax_error());
      any = true;
    }
    if (!any || !expect(Tok::End)) return std::unexpected(syntax_error());
    if (redundant_) return std::unexpected(redundant_error());
    if (duplicate) return std::unexpected(*duplicate);
    for (auto& action : update.actions) {
      if (auto r = check_path(action.path); !r) return std::unexpected(r.error());
      if (action.kind == UpdateActionExpr::Kind::Set) {
        if (auto r = check_update_value(action.value, true); !r) return std::unexpected(r.error());
      }
    }
    return update;
  }

  Result<ProjectionExpr> projection() {
    ProjectionExpr projection;
    do {
      auto path = parse_path();
      if (!path) return std::unexpected(syntax_error());
      projection.paths.push_back(std::move(*path));
    } while (accept(Tok::Comma));
    if (!expect(Tok::End)) return std::unexpected(syntax_error());
    for (const auto& path : projection.paths) {
      if (auto r = check_path(path); !r) return std::unexpected(r.error());
    }
    return projection;
  }

 private:
  // ---- token helpers ----
  Tok peek(std::size_t ahead = 0) const {
    return toks_[std::min(pos_ + ahead, toks_.size() - 1)].kind;
  }
  void note_fail() { farthest_ = std::max(farthest_, pos_); }
  bool expect(Tok kind) {
    if (peek() == kind) return true;
    note_fail();
    return false;
  }
  bool accept(Tok kind) {
    if (!expect(kind)) return false;
    ++pos_;
    return true;
  }
  std::string_view text_of(const Token& t) const { return text_.substr(t.begin, t.end - t.begin); }
  std::string prefix() const { return "Invalid " + std::string(kind_name(kind_)) + ": "; }

  Error syntax_error() const {
    if (too_deep_) return operators_error();
    if (redundant_) return redundant_error();
    std::size_t at = std::min(farthest_, toks_.size() - 1);
    const Token& tok = toks_[at];
    std::size_t begin = at > 0 ? toks_[at - 1].begin : 0;
    std::size_t end = at + 1 < toks_.size() ? toks_[at + 1].end : tok.end;
    if (toks_[std::min(at + 1, toks_.size() - 1)].kind == Tok::End) end = text_.size();
    std::string token = tok.kind == Tok::End ? "<EOF>" : std::string(text_of(tok));
    return Error::validation(prefix() + "Syntax error; token: \"" + token + "\", near: \"" +
                             std::string(text_.substr(begin, end - begin)) + "\"");
  }
  Error redundant_error() const {
    return Error::validation(prefix() + "The expression has redundant parentheses;");
  }
  Error operators_error() const {
    return Error::validation(prefix() + "The expression contains too many operators; " +
                             "operator count: " + std::to_string(kMaxOperators + 1));
  }

  // Depth guard around recursive productions.
  struct Deeper {
    explicit Deeper(Parser& p) : p_(p) {
      if (++p_.depth_ > kMaxRecursion) p_.too_deep_ = true;
    }
    ~Deeper() { --p_.depth_; }
    bool ok() const { return !p_.too_deep_; }
    Parser& p_;
  };

  // ---- paths and operands ----
  std::optional<PathExpr> parse_path() {
    PathExpr path;
    if (!path_name(path)) return std::nullopt;
    while (true) {
      if (accept(Tok::Dot)) {
        if (!path_name(path)) return std::nullopt;
      } else if (accept(Tok::LBracket)) {
        if (!expect(Tok::Number)) return std::nullopt;
        std::string_view digits = text_of(toks_[pos_]);
        ++pos_;
        PathStep step{PathStep::Kind::Index, {}, 0};
        std::uint64_t value = 0;
        for (char d : digits) {
          value = value * 10 + static_cast<std::uint64_t>(d - '0');
          if (value > kMaxListIndex) break;
        }
        if (value > kMaxListIndex) {
          step.name = std::string(digits);  // reported by check_path
        } else {
          step.index = static_cast<std::uint32_t>(value);
        }
        path.steps.push_back(std::move(step));
        if (!accept(Tok::RBracket)) return std::nullopt;
      } else {
        return path;
      }
    }
  }

  bool path_name(PathExpr& path) {
    Tok t = peek();
    if (t != Tok::Name && t != Tok::NameRef) {
      note_fail();
      return false;
    }
    path.steps.push_back({t == Tok::Name ? PathStep::Kind::Name : PathStep::Kind::Placeholder,
                          std::string(text_of(toks_[pos_])), 0});
    ++pos_;
    return true;
  }

  // operand := path | :value | NAME '(' operand (',' operand)* ')' | '(' operand ')'
  std::optional<Parsed<OperandExpr>> parse_operand() {
    Deeper guard(*this);
    if (!guard.ok()) return std::nullopt;
    OperandExpr op;
    Tok t = peek();
    if (t == Tok::Name && peek(1) == Tok::LParen) {
      op.kind = OperandExpr::Kind::Call;
      op.value = std::string(text_of(toks_[pos_]));
      pos_ += 2;
      do {
        auto arg = parse_operand();
        if (!arg) return std::nullopt;
        op.args.push_back(std::move(arg->node));
      } while (accept(Tok::Comma));
      if (!accept(Tok::RParen)) return std::nullopt;
      return Parsed<OperandExpr>{std::move(op)};
    }
    if (t == Tok::Name || t == Tok::NameRef) {
      auto path = parse_path();
      if (!path) return std::nullopt;
      op.path = std::move(*path);
      return Parsed<OperandExpr>{std::move(op)};
    }
    if (t == Tok::ValueRef) {
      op.kind = OperandExpr::Kind::Value;
      op.value = std::string(text_of(toks_[pos_]));
      ++pos_;
      return Parsed<OperandExpr>{std::move(op)};
    }
    if (accept(Tok::LParen)) {
      auto inner = parse_operand();
      if (!inner || !accept(Tok::RParen)) return std::nullopt;
      if (inner->parenthesized) redundant_ = true;
      return Parsed<OperandExpr>{std::move(inner->node), true};
    }
    note_fail();
    return std::nullopt;
  }

  // ---- conditions ----
  std::optional<Parsed<ConditionExpr>> parse_or() {
    Deeper guard(*this);
    if (!guard.ok()) return std::nullopt;
    auto left = parse_and();
    if (!left) return std::nullopt;
    while (accept(Tok::Or)) {
      auto right = parse_and();
      if (!right) return std::nullopt;
      ConditionExpr c;
      c.kind = ConditionExpr::Kind::Or;
      c.children.push_back(std::move(left->node));
      c.children.push_back(std::move(right->node));
      left = Parsed<ConditionExpr>{std::move(c)};
    }
    return left;
  }

  std::optional<Parsed<ConditionExpr>> parse_and() {
    auto left = parse_not();
    if (!left) return std::nullopt;
    while (accept(Tok::And)) {
      auto right = parse_not();
      if (!right) return std::nullopt;
      ConditionExpr c;
      c.kind = ConditionExpr::Kind::And;
      c.children.push_back(std::move(left->node));
      c.children.push_back(std::move(right->node));
      left = Parsed<ConditionExpr>{std::move(c)};
    }
    return left;
  }

  std::optional<Parsed<ConditionExpr>> parse_not() {
    Deeper guard(*this);
    if (!guard.ok()) return std::nullopt;
    if (accept(Tok::Not)) {
      auto child = parse_not();
      if (!child) return std::nullopt;
      ConditionExpr c;
      c.kind = ConditionExpr::Kind::Not;
      c.children.push_back(std::move(child->node));
      return Parsed<ConditionExpr>{std::move(c)};
    }
    return parse_primary();
  }

  std::optional<Parsed<ConditionExpr>> parse_primary() {
    std::size_t start = pos_;
    if (auto c = parse_comparison()) return c;
    pos_ = start;
    if (peek() == Tok::Name && peek(1) == Tok::LParen) {
      if (auto call = parse_operand()) {
        ConditionExpr c;
        c.kind = ConditionExpr::Kind::Call;
        c.operands.push_back(std::move(call->node));
        return Parsed<ConditionExpr>{std::move(c)};
      }
      pos_ = start;
    }
    if (accept(Tok::LParen)) {
      auto inner = parse_or();
      if (inner && accept(Tok::RParen)) {
        if (inner->parenthesized) redundant_ = true;
        return Parsed<ConditionExpr>{std::move(inner->node), true};
      }
    }
    pos_ = start;
    return std::nullopt;
  }

  std::optional<Parsed<ConditionExpr>> parse_comparison() {
    auto left = parse_operand();
    if (!left) return std::nullopt;
    ConditionExpr c;
    c.operands.push_back(std::move(left->node));
    static constexpr std::array<std::pair<Tok, Comparator>, 6> kComparators = {{
        {Tok::Eq, Comparator::EQ},
        {Tok::Ne, Comparator::NE},
        {Tok::Lt, Comparator::LT},
        {Tok::Le, Comparator::LE},
        {Tok::Gt, Comparator::GT},
        {Tok::Ge, Comparator::GE},
    }};
    Tok t = peek();
    for (const auto& [tok, comparator] : kComparators) {
      if (t != tok) continue;
      ++pos_;
      auto right = parse_operand();
      if (!right) return std::nullopt;
      c.kind = ConditionExpr::Kind::Compare;
      c.comparator = comparator;
      c.operands.push_back(std::move(right->node));
      return Parsed<ConditionExpr>{std::move(c)};
    }
    if (accept(Tok::Between)) {
      auto lower = parse_operand();
      if (!lower || !accept(Tok::And)) return std::nullopt;
      auto upper = parse_operand();
      if (!upper) return std::nullopt;
      c.kind = ConditionExpr::Kind::Between;
      c.operands.push_back(std::move(lower->node));
      c.operands.push_back(std::move(upper->node));
      return Parsed<ConditionExpr>{std::move(c)};
    }
    if (accept(Tok::In)) {
      if (!accept(Tok::LParen)) return std::nullopt;
      do {
        auto item = parse_operand();
        if (!item) return std::nullopt;
        c.operands.push_back(std::move(item->node));
      } while (accept(Tok::Comma));
      if (!accept(Tok::RParen)) return std::nullopt;
      c.kind = ConditionExpr::Kind::In;
      return Parsed<ConditionExpr>{std::move(c)};
    }
    note_fail();
    return std::nullopt;
  }

  // ---- update clauses ----
  bool update_clause(UpdateActionExpr::Kind kind, UpdateExpr& update) {
    do {
      UpdateActionExpr action;
      action.kind = kind;
      auto path = parse_path();
      if (!path) return false;
      action.path = std::move(*path);
      if (kind == UpdateActionExpr::Kind::Set) {
        if (!accept(Tok::Eq)) return false;
        auto value = parse_set_value();
        if (!value) return false;
        action.value = std::move(value->node);
      } else if (kind != UpdateActionExpr::Kind::Remove) {
        if (!expect(Tok::ValueRef)) return false;
        action.value.kind = OperandExpr::Kind::Value;
        action.value.value = std::string(text_of(toks_[pos_]));
        ++pos_;
      }
      update.actions.push_back(std::move(action));
    } while (accept(Tok::Comma));
    return true;
  }

  // value := operand [('+' | '-') operand] | '(' value ')'
  std::optional<Parsed<OperandExpr>> parse_set_value() {
    Deeper guard(*this);
    if (!guard.ok()) return std::nullopt;
    std::size_t start = pos_;
    if (auto left = parse_operand()) {
      Tok t = peek();
      if (t != Tok::Plus && t != Tok::Minus) {
        note_fail();
        return left;
      }
      ++pos_;
      auto right = parse_operand();
      if (right) {
        OperandExpr op;
        op.kind = OperandExpr::Kind::Arith;
        op.arith = t == Tok::Plus ? ArithOp::Plus : ArithOp::Minus;
        op.args.push_back(std::move(left->node));
        op.args.push_back(std::move(right->node));
        return Parsed<OperandExpr>{std::move(op)};
      }
    }
    pos_ = start;
    if (accept(Tok::LParen)) {
      auto inner = parse_set_value();
      if (inner && accept(Tok::RParen)) {
        if (inner->parenthesized) redundant_ = true;
        return Parsed<OperandExpr>{std::move(inner->node), true};
      }
    }
    pos_ = start;
    return std::nullopt;
  }

  // ---- checks after a successful parse ----
  Result<ConditionExpr> finish_condition(ConditionExpr c) {
    if (redundant_) return std::unexpected(redundant_error());
    std::size_t operators = 0;
    count_operators(c, operators);
    if (operators > kMaxOperators) return std::unexpected(operators_error());
    if (auto r = check_condition(c); !r) return std::unexpected(r.error());
    return c;
  }

  static void count_operators(const ConditionExpr& c, std::size_t& n) {
    ++n;
    for (const auto& op : c.operands) count_operators(op, n);
    for (const auto& child : c.children) count_operators(child, n);
  }
  static void count_operators(const OperandExpr& op, std::size_t& n) {
    if (op.kind == OperandExpr::Kind::Call) {
      ++n;
      for (const auto& arg : op.args) count_operators(arg, n);
    }
  }

  Result<void> check_condition(ConditionExpr& c) {
    if (c.kind == ConditionExpr::Kind::Call) return check_condition_call(c.operands[0], true);
    if (c.kind == ConditionExpr::Kind::In && c.operands.size() - 1 > kMaxInOperands) {
      return model::fail_validation(prefix() +
                                    "The IN operator is provided with too many operands; "
                                    "number of operands: " +
                                    std::to_string(c.operands.size() - 1));
    }
    for (auto& op : c.operands) {
      if (auto r = check_condition_operand(op); !r) return r;
    }
    for (auto& child : c.children) {
      if (auto r = check_condition(child); !r) return r;
    }
    return model::ok();
  }

  Result<void> check_condition_operand(OperandExpr& op) {
    switch (op.kind) {
      case OperandExpr::Kind::Path: return check_path(op.path);
      case OperandExpr::Kind::Call: return check_condition_call(op, false);
      default: return model::ok();
    }
  }

  Result<Function> resolve_function(OperandExpr& call) {
    auto f = lookup_function(call.value);
    if (!f) return model::fail_validation(prefix() + "Invalid function name; function: " + call.value);
    call.function = *f;
    return *f;
  }

  Result<void> wrong_use(Function f) {
    return model::fail_validation(
        prefix() + "The function is not allowed to be used this way in an expression; function: " +
        std::string(function_name(f)));
  }

  Result<void> check_arity(const OperandExpr& call, std::size_t n) {
    if (call.args.size() == n) return model::ok();
    return model::fail_validation(
        prefix() + "Incorrect number of operands for operator or function; operator or function: " +
        std::string(function_name(call.function)) +
        ", number of operands: " + std::to_string(call.args.size()));
  }

  Result<void> require_path(const OperandExpr& call) {
    if (call.args[0].kind == OperandExpr::Kind::Path) return model::ok();
    return model::fail_validation(
        prefix() + "Operator or function requires a document path; operator or function: " +
        std::string(function_name(call.function)));
  }

  // A function in a condition, filter or key condition; as_condition: used where a
  // condition is expected (rather than as an operand).
  Result<void> check_condition_call(OperandExpr& call, bool as_condition) {
    auto f = resolve_function(call);
    if (!f) return std::unexpected(f.error());
    if (*f == Function::if_not_exists || *f == Function::list_append) {
      return model::fail_validation(prefix() +
                                    "The function is not allowed in a condition expression; "
                                    "function: " +
                                    std::string(function_name(*f)));
    }
    if ((*f == Function::size) == as_condition) return wrong_use(*f);
    // The arguments are checked before the function's operand count and path requirement.
    for (auto& arg : call.args) {
      if (auto r = check_condition_operand(arg); !r) return r;
    }
    std::size_t arity = (*f == Function::attribute_exists || *f == Function::attribute_not_exists ||
                         *f == Function::size)
                            ? 1
                            : 2;
    if (auto r = check_arity(call, arity); !r) return r;
    if (*f == Function::attribute_exists || *f == Function::attribute_not_exists) {
      if (auto r = require_path(call); !r) return r;
    }
    return model::ok();
  }

  // A SET value; top: the whole value or an operand of + and - (where list_append may
  // appear), as opposed to a function argument.
  Result<void> check_update_value(OperandExpr& op, bool top) {
    switch (op.kind) {
      case OperandExpr::Kind::Path: return check_path(op.path);
      case OperandExpr::Kind::Value: return model::ok();
      case OperandExpr::Kind::Arith:
        for (auto& arg : op.args) {
          if (auto r = check_update_value(arg, true); !r) return r;
        }
        return model::ok();
      case OperandExpr::Kind::Call: break;
    }
    auto f = resolve_function(op);
    if (!f) return std::unexpected(f.error());
    if (*f != Function::if_not_exists && *f != Function::list_append) {
      return model::fail_validation(prefix() +
                                    "The function is not allowed in an update expression; "
                                    "function: " +
                                    std::string(function_name(*f)));
    }
    if (*f == Function::list_append && !top) return wrong_use(*f);
    for (auto& arg : op.args) {
      if (auto r = check_update_value(arg, false); !r) return r;
    }
    if (auto r = check_arity(op, 2); !r) return r;
    if (*f == Function::if_not_exists) {
      if (auto r = require_path(op); !r) return r;
    }
    return model::ok();
  }

  Result<void> check_path(const PathExpr& path) {
    if (path.steps.size() > kMaxPathDepth) {
      return model::fail_validation(prefix() +
                                    "The document path has too many nesting levels; "
                                    "nesting levels: " +
                                    std::to_string(path.steps.size()));
    }
    for (const auto& step : path.steps) {
      if (step.kind == PathStep::Kind::Index && !step.name.empty()) {
        return model::fail_validation(prefix() +
                                      "List index is not within the allowable range; index: [" +
                                      step.name + "]");
      }
      if (step.kind == PathStep::Kind::Name && is_reserved_word(step.name)) {
        return model::fail_validation(
            prefix() + "Attribute name is a reserved keyword; reserved keyword: " + step.name);
      }
    }
    return model::ok();
  }

  std::string_view text_;
  ExprKind kind_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  std::size_t farthest_ = 0;
  bool redundant_ = false;
  int depth_ = 0;
  bool too_deep_ = false;
};

// Checks that come before parsing: empty text, size.
Result<void> check_text(std::string_view text, ExprKind kind) {
  if (text.empty()) {
    return model::fail_validation("Invalid " + std::string(kind_name(kind)) +
                                  ": The expression can not be empty;");
  }
  std::size_t size = utf16_length(text);
  if (size > kMaxExpressionLength) return model::fail_validation(size_error(kind, size));
  return model::ok();
}

}  // namespace

Result<std::shared_ptr<const ConditionExpr>> parse_condition(std::string_view text,
                                                             ExprKind kind) {
  if (auto r = check_text(text, kind); !r) return std::unexpected(r.error());
  auto c = Parser(text, kind).condition();
  if (!c) return std::unexpected(c.error());
  return std::make_shared<const ConditionExpr>(std::move(*c));
}

Result<std::shared_ptr<const UpdateExpr>> parse_update(std::string_view text) {
  if (auto r = check_text(text, ExprKind::UpdateExpression); !r) return std::unexpected(r.error());
  auto u = Parser(text, ExprKind::UpdateExpression).update();
  if (!u) return std::unexpected(u.error());
  return std::make_shared<const UpdateExpr>(std::move(*u));
}

Result<std::shared_ptr<const ProjectionExpr>> parse_projection(std::string_view text) {
  if (auto r = check_text(text, ExprKind::ProjectionExpression); !r) {
    return std::unexpected(r.error());
  }
  auto p = Parser(text, ExprKind::ProjectionExpression).projection();
  if (!p) return std::unexpected(p.error());
  return std::make_shared<const ProjectionExpr>(std::move(*p));
}

}  // namespace drydock::expr
