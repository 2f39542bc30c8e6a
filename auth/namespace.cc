#include "auth/namespace.h"

#include "auth/sigv4.h"

namespace drydock::auth {
namespace {

constexpr std::size_t kMaxFileName = 255;
constexpr std::size_t kKeptPrefix = 180;

bool is_file_safe(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

void append_escaped(std::string& out, std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_file_safe(c)) {
      out += ch;
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 0xF];
    }
  }
}

}  // namespace

std::string namespace_file_name(std::string_view access_key, std::string_view region, bool shared) {
  if (shared) return std::string(kSharedDatabaseFile);
  std::string stem;
  stem.reserve(access_key.size() + region.size() + 1);
  append_escaped(stem, access_key);
  stem += '_';
  append_escaped(stem, region);
  if (stem.size() + 3 <= kMaxFileName) return stem + ".db";
  // 180 + '~' + 64 hex digits + ".db" = 248 bytes.
  std::string name = stem.substr(0, kKeptPrefix);
  name += '~';
  name += sha256_hex(stem);
  name += ".db";
  return name;
}

}  // namespace drydock::auth
