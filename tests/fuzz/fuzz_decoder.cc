// libFuzzer target: the request decoder on arbitrary bytes. The input is a request body; it
// is parsed as the server parses it (server::parse_body), then every JSON object in it goes
// through decode_map() and decode_value(), every member through the typed readers, every
// array element through expect_object()/expect_string(), and every string through Number
// and base64 decoding. Corpus: real DynamoDB request bodies (tests/fuzz/make_corpus.py).
//
// Checked beyond "no crash":
//  - a decoded map or value holds only valid values (invariants.h: canonical numbers,
//    non-empty duplicate-free sets) and survives storage's binary codec;
//  - the wire codec round-trips: write_map()/write_value() output parses and decodes back to
//    an equal map/value;
//  - base64: whatever base64_decode() accepts, base64_encode() renders in a form that decodes
//    to the same bytes and re-encodes to itself;
//  - Number: to_string() is a fixed point of parse(); for pairs of numbers, a+b == b+a,
//    (a+b)-b == a and a-b == -(b-a) whenever the results are in range, and the order of a
//    and b agrees with the sign of a-b.
// Built and run by tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/number.h"
#include "server/json.h"
#include "tests/fuzz/invariants.h"

namespace drydock::fuzz {
namespace {

using model::Number;
using server::JsonValue;

// Walks at most this many JSON values per input, so one input costs bounded time.
constexpr std::size_t kMaxNodes = 4096;
constexpr std::size_t kMaxNumbers = 6;

template <typename Write>
std::string render(Write write) {
  rapidjson::StringBuffer buffer;
  server::JsonWriter writer(buffer);
  write(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

void check_map_round_trip(const model::AttributeMap& map) {
  check_item(map);
  std::string text = render([&](server::JsonWriter& w) { server::write_map(w, map); });
  rapidjson::Document doc;
  require(server::parse_body(text, doc), "write_map output does not parse");
  auto again = server::decode_map(doc);
  require(again.has_value(), "write_map output does not decode",
          again ? "" : again.error().message);
  require(*again == map, "wire codec round trip changed a map");
}

void check_value_round_trip(const model::AttributeValue& value) {
  check_value(value);
  std::string text = render([&](server::JsonWriter& w) { server::write_value(w, value); });
  rapidjson::Document doc;
  require(server::parse_body(text, doc), "write_value output does not parse");
  auto again = server::decode_value(doc);
  require(again.has_value(), "write_value output does not decode",
          again ? "" : again.error().message);
  require(*again == value, "wire codec round trip changed a value");
}

void check_base64(std::string_view text) {
  auto bytes = server::base64_decode(text);
  if (!bytes) return;
  const std::string encoded = server::base64_encode(*bytes);
  auto again = server::base64_decode(encoded);
  require(again.has_value() && *again == *bytes, "base64_encode output decodes differently",
          encoded);
  require(server::base64_encode(*again) == encoded, "base64_encode is not canonical", encoded);
}

void check_number_pair(const Number& a, const Number& b) {
  auto sum = a.add(b);
  auto sum_swapped = b.add(a);
  require(sum.has_value() == sum_swapped.has_value(), "a+b and b+a disagree on failing");
  if (sum) {
    require(*sum == *sum_swapped, "a+b != b+a", a.to_string() + " " + b.to_string());
    if (auto back = sum->subtract(b)) {
      require(*back == a, "(a+b)-b != a", a.to_string() + " " + b.to_string());
    }
  }
  auto difference = a.subtract(b);
  auto reverse = b.subtract(a);
  require(difference.has_value() == reverse.has_value(), "a-b and b-a disagree on failing");
  if (difference) {
    require(*difference == reverse->negated(), "a-b != -(b-a)",
            a.to_string() + " " + b.to_string());
    const auto order = a <=> b;
    const auto sign = difference->is_zero()    ? std::strong_ordering::equal
                      : difference->negative() ? std::strong_ordering::less
                                               : std::strong_ordering::greater;
    require(order == sign, "a <=> b disagrees with the sign of a-b",
            a.to_string() + " " + b.to_string());
  }
}

void check_string(std::string_view text, std::vector<Number>& numbers) {
  check_base64(text);
  auto n = Number::parse(text);
  if (!n) return;
  const std::string canonical = n->to_string();
  auto again = Number::parse(canonical);
  require(again.has_value() && *again == *n && again->to_string() == canonical,
          "Number::to_string() is not a fixed point of parse()",
          std::string(text) + " -> " + canonical);
  for (const Number& other : numbers) check_number_pair(*n, other);
  if (numbers.size() < kMaxNumbers) numbers.push_back(*n);
}

void check_object(const JsonValue& object) {
  if (auto map = server::decode_map(object)) check_map_round_trip(*map);
  if (auto value = server::decode_value(object)) check_value_round_trip(*value);
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    // The readers take NUL-terminated names, as the actions pass them.
    const std::string name(it->name.GetString(), it->name.GetStringLength());
    (void)server::read_string(object, name.c_str());
    (void)server::read_long(object, name.c_str());
    (void)server::read_long(object, name.c_str(), "Integer");
    (void)server::read_bool(object, name.c_str());
    (void)server::read_object(object, name.c_str());
    (void)server::read_array(object, name.c_str());
  }
}

void walk(const JsonValue& root) {
  std::vector<const JsonValue*> pending{&root};
  std::vector<Number> numbers;
  for (std::size_t visited = 0; !pending.empty() && visited < kMaxNodes; ++visited) {
    const JsonValue& v = *pending.back();
    pending.pop_back();
    if (v.IsObject()) {
      check_object(v);
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
        check_string(std::string_view(it->name.GetString(), it->name.GetStringLength()), numbers);
        pending.push_back(&it->value);
      }
    } else if (v.IsArray()) {
      for (const auto& element : v.GetArray()) {
        (void)server::expect_object(element);
        (void)server::expect_string(element);
        pending.push_back(&element);
      }
    } else if (v.IsString()) {
      check_string(std::string_view(v.GetString(), v.GetStringLength()), numbers);
    }
  }
}

}  // namespace
}  // namespace drydock::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  rapidjson::Document doc;
  if (!drydock::server::parse_body(body, doc)) return 0;
  drydock::fuzz::walk(doc);
  return 0;
}
