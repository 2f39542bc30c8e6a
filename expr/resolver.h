// Resolution: turns parsed trees into resolved ones by substituting the request's
// ExpressionAttributeNames and ExpressionAttributeValues, and applies the checks that need
// them, with DynamoDB's messages and in DynamoDB's order:
//  - condition, filter and key condition: one pass in document order; each operator first
//    resolves its operands (undefined `#name` / `:value`), then checks them (same path on
//    both sides, operand types, BETWEEN bounds);
//  - update: all names (actions taken last to first), then overlapping and conflicting
//    paths, then values and operand types (actions last to first) — the order DynamoDB
//    reports them in;
//  - projection: names, then overlapping paths.
// The unused-placeholder check spans every expression of a request, so it is a separate
// step: resolve all of the request's expressions against one Context, then call
// check_unused(). Typical use in an action:
//
//   expr::Context ctx(names_or_null, values_or_null);
//   auto update = expr::resolve_update(*parsed_update, ctx);        // UpdateExpression first
//   auto cond = expr::resolve_condition(*parsed_cond, ExprKind::ConditionExpression, ctx);
//   if (auto r = ctx.check_unused(); !r) return r.error();
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "expr/ast.h"
#include "expr/resolved.h"
#include "model/attribute_value.h"
#include "model/error.h"

namespace drydock::expr {

using AttributeNames = std::map<std::string, std::string, std::less<>>;

// Checks the maps themselves, before any expression is parsed, as DynamoDB does: empty maps
// ("ExpressionAttributeNames must not be empty"), key syntax (`#` or `:` then
// [A-Za-z0-9_]+), key length (255), empty and oversized attribute names. A null map means
// the parameter was absent. Value contents (types, numbers, sets) are the wire decoder's job.
model::Result<void> validate_expression_attributes(const AttributeNames* names,
                                                   const model::AttributeMap* values);

// The per-request resolution context. Not thread-safe; lives for one request.
class Context {
 public:
  // Either may be null (parameter absent). The maps must outlive the Context.
  Context(const AttributeNames* names, const model::AttributeMap* values)
      : names_(names), values_(values) {}

  // Looks up a placeholder (with its '#' or ':') and marks it used; fails with DynamoDB's
  // "An expression attribute name used in the document path is not defined; ..." or
  // "An expression attribute value used in expression is not defined; ..." for `kind`.
  model::Result<std::string_view> name(std::string_view placeholder, ExprKind kind);
  model::Result<const model::AttributeValue*> value(std::string_view placeholder, ExprKind kind);

  // "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}", then
  // the same for ExpressionAttributeValues. Names are checked first.
  model::Result<void> check_unused() const;

 private:
  const AttributeNames* names_;
  const model::AttributeMap* values_;
  std::set<std::string, std::less<>> used_names_;
  std::set<std::string, std::less<>> used_values_;
};

// kind: ConditionExpression or FilterExpression (key conditions: key_condition.h).
model::Result<Condition> resolve_condition(const ConditionExpr& expr, ExprKind kind,
                                           Context& ctx);
model::Result<Update> resolve_update(const UpdateExpr& expr, Context& ctx);
model::Result<Projection> resolve_projection(const ProjectionExpr& expr, Context& ctx);

// Resolves one parsed path (for callers that need paths alone).
model::Result<Path> resolve_path(const PathExpr& path, ExprKind kind, Context& ctx);

// The overlap/conflict check shared by updates and projections: paths are inserted last to
// first and the first clash is reported as "path one" (earlier in the expression) and
// "path two". Messages: "Invalid <kind>: Two document paths overlap with each other; must
// remove or rewrite one of these paths; path one: [a], path two: [a, b]" and "... conflict
// with each other; ..." (one path indexes a list where the other names a map key).
model::Result<void> check_paths_disjoint(const std::vector<const Path*>& paths, ExprKind kind);

}  // namespace drydock::expr
