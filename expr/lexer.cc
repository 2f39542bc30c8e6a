#include "expr/lexer.h"

#include <array>
#include <utility>

namespace drydock::expr::detail {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return is_alpha(c) || is_digit(c) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

Tok word_kind(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, Tok>, 9> kKeywords = {{
      {"AND", Tok::And},
      {"OR", Tok::Or},
      {"NOT", Tok::Not},
      {"BETWEEN", Tok::Between},
      {"IN", Tok::In},
      {"SET", Tok::Set},
      {"REMOVE", Tok::Remove},
      {"ADD", Tok::Add},
      {"DELETE", Tok::Delete},
  }};
  for (const auto& [text, kind] : kKeywords) {
    if (iequals(word, text)) return kind;
  }
  return Tok::Name;
}

// Length of the UTF-8 sequence starting with byte c (1 for invalid bytes).
std::size_t utf8_length(unsigned char c) {
  if (c >= 0xF0 && c <= 0xF4) return 4;
  if (c >= 0xE0) return c <= 0xEF ? 3 : 1;
  if (c >= 0xC2) return 2;
  return 1;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    char c = text[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    std::size_t start = i;
    Tok kind;
    if (is_alpha(c)) {
      while (i < n && is_word(text[i])) ++i;
      kind = word_kind(text.substr(start, i - start));
    } else if ((c == '#' || c == ':') && i + 1 < n && is_word(text[i + 1])) {
      ++i;
      while (i < n && is_word(text[i])) ++i;
      kind = c == '#' ? Tok::NameRef : Tok::ValueRef;
    } else if (is_digit(c)) {
      ++i;
      if (c != '0') {
        while (i < n && is_digit(text[i])) ++i;
      }
      kind = Tok::Number;
    } else {
      ++i;
      switch (c) {
        case '=': kind = Tok::Eq; break;
        case '<':
          if (i < n && text[i] == '>') {
            ++i;
            kind = Tok::Ne;
          } else if (i < n && text[i] == '=') {
            ++i;
            kind = Tok::Le;
          } else {
            kind = Tok::Lt;
          }
          break;
        case '>':
          if (i < n && text[i] == '=') {
            ++i;
            kind = Tok::Ge;
          } else {
            kind = Tok::Gt;
          }
          break;
        case '(': kind = Tok::LParen; break;
        case ')': kind = Tok::RParen; break;
        case '[': kind = Tok::LBracket; break;
        case ']': kind = Tok::RBracket; break;
        case ',': kind = Tok::Comma; break;
        case '.': kind = Tok::Dot; break;
        case '+': kind = Tok::Plus; break;
        case '-': kind = Tok::Minus; break;
        default: {
          std::size_t len = utf8_length(static_cast<unsigned char>(c));
          i = start + len <= n ? start + len : n;
          kind = Tok::Unknown;
        }
      }
    }
    tokens.push_back({kind, start, i});
  }
  tokens.push_back({Tok::End, n, n});
  return tokens;
}

}  // namespace drydock::expr::detail
