// Parsed expressions: the syntax trees of DynamoDB's expression languages as written, before
// `#name` and `:value` placeholders are resolved. A tree depends only on the expression text
// (and its kind), so it can be cached and shared between requests; it is immutable once built.
//
// Grammar (keywords case-insensitive, function names case-sensitive):
//   condition := or ;  or := and (OR and)* ;  and := not (AND not)* ;  not := NOT not | primary
//   primary   := operand comparator operand | operand BETWEEN operand AND operand
//              | operand IN '(' operand (',' operand)* ')' | function | '(' condition ')'
//   operand   := path | ':value' | function | '(' operand ')'
//   function  := NAME '(' operand (',' operand)* ')'
//   path      := (NAME | '#name') ('.' (NAME | '#name') | '[' INDEX ']')*
//   update    := (SET set (',' set)* | REMOVE path (',' path)* | ADD path ':value' (',' ...)*
//                 | DELETE path ':value' (',' ...)*)+        (each clause at most once)
//   set       := path '=' value ;  value := operand [('+' | '-') operand] | '(' value ')'
//   projection := path (',' path)*
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace drydock::expr {

// Which request parameter an expression came from; it names the parameter in messages
// ("Invalid ConditionExpression: ...").
enum class ExprKind : std::uint8_t {
  ConditionExpression,
  FilterExpression,
  KeyConditionExpression,
  UpdateExpression,
  ProjectionExpression,
};
std::string_view kind_name(ExprKind kind);

// The functions of the expression languages (spelled as written).
enum class Function : std::uint8_t {
  attribute_exists,
  attribute_not_exists,
  attribute_type,
  begins_with,
  contains,
  size,
  if_not_exists,
  list_append,
};
std::string_view function_name(Function f);

// One step of a document path as written.
struct PathStep {
  enum class Kind : std::uint8_t { Name, Placeholder, Index };
  Kind kind = Kind::Name;
  std::string name;         // Name: the attribute name; Placeholder: "#n" (with the '#')
  std::uint32_t index = 0;  // Index: the list index

  friend bool operator==(const PathStep&, const PathStep&) = default;
};

struct PathExpr {
  std::vector<PathStep> steps;  // steps[0] is a Name or Placeholder
};

enum class ArithOp : std::uint8_t { Plus, Minus };

// An operand: a path, a `:value` placeholder, a function call or (in SET) an arithmetic
// expression.
struct OperandExpr {
  enum class Kind : std::uint8_t { Path, Value, Call, Arith };
  Kind kind = Kind::Path;
  PathExpr path;                  // Path
  std::string value;              // Value: ":v" (with the ':'); Call: the name as written
  Function function{};            // Call
  ArithOp arith{};                // Arith
  std::vector<OperandExpr> args;  // Call: its arguments; Arith: the two operands
};

enum class Comparator : std::uint8_t { EQ, NE, LT, LE, GT, GE };
std::string_view comparator_text(Comparator c);  // "=", "<>", "<", ...

struct ConditionExpr {
  enum class Kind : std::uint8_t { Compare, Between, In, Call, And, Or, Not };
  Kind kind = Kind::Compare;
  Comparator comparator{};            // Compare
  std::vector<OperandExpr> operands;  // Compare: 2; Between: value, lower, upper;
                                      // In: value, then the list; Call: one Call operand
  std::vector<ConditionExpr> children;  // And/Or: 2; Not: 1
};

struct UpdateActionExpr {
  enum class Kind : std::uint8_t { Set, Remove, Add, Delete };
  Kind kind = Kind::Set;
  PathExpr path;
  OperandExpr value;  // Set: the value; Add/Delete: a Value operand; Remove: unused
};

struct UpdateExpr {
  std::vector<UpdateActionExpr> actions;  // in the order written
};

struct ProjectionExpr {
  std::vector<PathExpr> paths;  // in the order written
};

// Golden text of the trees, for tests and debugging. Paths print as written (`a.#b[2]`);
// conditions and operands as S-expressions: `(AND (= a :v) (begins_with b :p))`;
// updates as `SET a = (+ a :v); REMOVE b; ADD c :n; DELETE d :s`.
std::string to_string(const PathExpr& path);
std::string to_string(const OperandExpr& operand);
std::string to_string(const ConditionExpr& condition);
std::string to_string(const UpdateExpr& update);
std::string to_string(const ProjectionExpr& projection);

}  // namespace drydock::expr
