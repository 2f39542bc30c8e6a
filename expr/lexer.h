// Lexer of the expression languages (internal to expr/). Tokens carry byte offsets into the
// text so syntax errors can quote DynamoDB's `near: "..."` excerpt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace drydock::expr::detail {

enum class Tok : std::uint8_t {
  Name,         // [A-Za-z][A-Za-z0-9_]*, not a keyword
  NameRef,      // '#' [A-Za-z0-9_]+
  ValueRef,     // ':' [A-Za-z0-9_]+
  Number,       // '0' | [1-9][0-9]*
  And, Or, Not, Between, In, Set, Remove, Add, Delete,  // keywords, any case
  Eq, Ne, Lt, Le, Gt, Ge,
  LParen, RParen, LBracket, RBracket, Comma, Dot, Plus, Minus,
  Unknown,      // any other character (one UTF-8 code point)
  End,
};

struct Token {
  Tok kind;
  std::size_t begin;  // byte offsets into the text: [begin, end)
  std::size_t end;
};

// Splits `text` into tokens, skipping whitespace; the last token is End (begin = end =
// text.size()).
std::vector<Token> tokenize(std::string_view text);

}  // namespace drydock::expr::detail
