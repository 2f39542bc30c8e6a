// DynamoDB's reserved words (Developer Guide, "Reserved words in DynamoDB"): attribute names
// that an expression must spell through an `#name` placeholder.
#pragma once

#include <span>
#include <string_view>

namespace drydock::expr {

// The documented list, 573 words, upper case, sorted.
std::span<const std::string_view> reserved_words();

// Whether a bare attribute name in an expression is rejected as a reserved word (any case).
// Two documented words are accepted the way DynamoDB accepts them: SIZE (a function name)
// and CONVERT (pinned by ReservedWords.AcceptedAsDynamoDBDoes in tests/expr). The keywords
// of the grammar (AND, OR, NOT, BETWEEN, IN, SET, REMOVE, ADD, DELETE) never reach this
// check: the lexer makes them syntax errors in a path, as DynamoDB does.
bool is_reserved_word(std::string_view name);

}  // namespace drydock::expr
