// Parsers of DynamoDB's expression languages. Each takes the expression text and returns its
// syntax tree, or DynamoDB's ValidationException for everything that can be told from the
// text alone, in DynamoDB's order: empty expression, expression size, syntax error
// (`Syntax error; token: "<tok>", near: "<excerpt>"`), redundant parentheses, too many
// operators, then per construct in document order: invalid or misplaced functions, operand
// counts, reserved words, list index range and path depth. Messages are prefixed with
// "Invalid <kind>: ".
//
// The result depends only on (text, kind), so callers may cache it (see parse_cache.h).
#pragma once

#include <memory>
#include <string_view>

#include "expr/ast.h"
#include "model/error.h"

namespace drydock::expr {

// Limits (DynamoDB Developer Guide, "Expression parameters"; pinned against DynamoDB Local).
constexpr std::size_t kMaxExpressionLength = 4096;  // characters (UTF-16 code units)
constexpr std::size_t kMaxOperators = 300;           // per condition expression
constexpr std::size_t kMaxInOperands = 100;          // right-hand side of IN
constexpr std::size_t kMaxPathDepth = 32;            // steps in one document path
constexpr std::uint64_t kMaxListIndex = 2147483647;  // largest index literal

// kind: ConditionExpression, FilterExpression or KeyConditionExpression.
model::Result<std::shared_ptr<const ConditionExpr>> parse_condition(std::string_view text,
                                                                    ExprKind kind);
model::Result<std::shared_ptr<const UpdateExpr>> parse_update(std::string_view text);
model::Result<std::shared_ptr<const ProjectionExpr>> parse_projection(std::string_view text);

}  // namespace drydock::expr
