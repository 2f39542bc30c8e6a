// Resolved expressions: the trees the evaluator runs. Every `#name` is replaced by its
// attribute name and every `:value` by a copy of its value, so a resolved tree is
// self-contained and belongs to one request. The legacy parameters (Expected,
// AttributeUpdates, AttributesToGet, ...) are translated into the same trees (legacy.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace drydock::expr {

// One step of a resolved document path: a map key (or, first, a top-level attribute name)
// or a list index.
struct PathElement {
  std::string name;         // when !is_index()
  std::int64_t index = -1;  // a list index when >= 0

  bool is_index() const { return index >= 0; }
  static PathElement key(std::string n) { return {std::move(n), -1}; }
  static PathElement at(std::int64_t i) { return {{}, i}; }
  friend bool operator==(const PathElement&, const PathElement&) = default;
};

struct Path {
  std::vector<PathElement> elements;  // elements[0] is a name

  const std::string& attribute() const { return elements.front().name; }
  friend bool operator==(const Path&, const Path&) = default;
};

// DynamoDB's rendering in messages: "[a, b, [2], c]".
std::string to_string(const Path& path);
// DynamoDB's rendering of a value in messages: "AttributeValue: {N:5}".
std::string describe_value(const model::AttributeValue& value);

struct Operand {
  enum class Kind : std::uint8_t { Path, Value, Size, IfNotExists, ListAppend, Plus, Minus };
  Kind kind = Kind::Path;
  Path path;                   // Path
  model::AttributeValue value; // Value
  std::vector<Operand> args;   // Size: 1; IfNotExists: path operand, default; others: 2
};

struct Condition {
  enum class Kind : std::uint8_t {
    Compare,             // operands: 2
    Between,             // operands: value, lower, upper
    In,                  // operands: value, then the candidates
    AttributeExists,     // operands: 1 path
    AttributeNotExists,  // operands: 1 path
    AttributeType,       // operands: any, type name (an S value)
    BeginsWith,          // operands: 2
    Contains,            // operands: 2
    And,                 // children: 2 or more (all must hold)
    Or,                  // children: 2 or more
    Not,                 // children: 1
    True,                // always holds (an empty legacy condition)
  };
  Kind kind = Kind::True;
  Comparator comparator{};
  std::vector<Operand> operands;
  std::vector<Condition> children;
};

struct UpdateAction {
  enum class Kind : std::uint8_t { Set, Remove, Add, Delete };
  Kind kind = Kind::Set;
  Path path;
  Operand value;  // Set: any operand; Add/Delete: a Value; Remove: unused
};

struct Update {
  std::vector<UpdateAction> actions;  // in the order written
  // Built from the legacy AttributeUpdates: ADD also appends lists, and a type mismatch
  // reads "Type mismatch for attribute to update".
  bool legacy = false;
};

struct Projection {
  std::vector<Path> paths;  // in the order written
};

// Golden text of resolved trees for tests: paths as `a.b[2]`, values as `{N:5}`,
// conditions and operands as S-expressions like the parsed trees.
std::string to_string(const Operand& operand);
std::string to_string(const Condition& condition);
std::string to_string(const Update& update);

}  // namespace drydock::expr
