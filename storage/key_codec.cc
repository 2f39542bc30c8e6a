#include "storage/key_codec.h"

#include "model/number.h"

namespace drydock::storage {
namespace {

// Numbers: a class byte (negative < zero < positive), then for positives the leading-digit
// exponent biased into two big-endian bytes and the digits; negatives invert every byte
// and end with 0xff so that a longer digit string (a larger magnitude) sorts first.
constexpr int kExponentBias = 1000;

std::string encode_number(std::string_view canonical) {
  auto parsed = model::Number::parse(canonical);
  std::string out;
  if (!parsed || parsed->is_zero()) {
    out.push_back('\x02');
    return out;
  }
  const model::Number& n = *parsed;
  auto exponent = static_cast<std::uint16_t>(n.sci_exponent() + kExponentBias);
  if (!n.negative()) {
    out.push_back('\x03');
    out.push_back(static_cast<char>(exponent >> 8));
    out.push_back(static_cast<char>(exponent & 0xff));
    out += n.digits();
  } else {
    out.push_back('\x01');
    auto inverted = static_cast<std::uint16_t>(~exponent);
    out.push_back(static_cast<char>(inverted >> 8));
    out.push_back(static_cast<char>(inverted & 0xff));
    for (char d : n.digits()) out.push_back(static_cast<char>(0xff - static_cast<unsigned char>(d)));
    out.push_back('\xff');
  }
  return out;
}

}  // namespace

std::string encode_key_value(const model::AttributeValue& value) {
  if (value.is(model::Type::N)) return encode_number(value.scalar());
  return value.scalar();
}

std::int64_t partition_hash(std::string_view key) {
  // FNV-1a 64 with a final avalanche (splitmix64's finaliser).
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : key) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return static_cast<std::int64_t>(h >> 1);
}

}  // namespace drydock::storage
