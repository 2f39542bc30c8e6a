// Checks shared by the fuzz targets: what every value that leaves a decoder or an update must
// satisfy, because storage and the JSON writer rely on it without checking again. A failed
// check prints what broke and aborts, which libFuzzer reports as a crash (input saved).
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "model/attribute_value.h"
#include "model/binary_codec.h"
#include "model/item_size.h"
#include "model/number.h"

namespace drydock::fuzz {

[[noreturn]] inline void violated(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "\n==== invariant violated: %s %s\n", what, detail.c_str());
  std::abort();
}

inline void require(bool ok, const char* what, const std::string& detail = {}) {
  if (!ok) violated(what, detail);
}

// N text is canonical (what Number::to_string() gives for it); sets are non-empty, their
// members distinct and NS members canonical; maps and lists recursively the same.
inline void check_value(const model::AttributeValue& v) {
  using model::Type;
  auto canonical_number = [](const std::string& text) {
    auto n = model::Number::parse(text);
    require(n.has_value(), "N value does not parse", text);
    require(n->to_string() == text, "N value not canonical", text + " vs " + n->to_string());
  };
  switch (v.type()) {
    case Type::N:
      canonical_number(v.scalar());
      break;
    case Type::SS:
    case Type::NS:
    case Type::BS: {
      const auto& members = v.set_value();
      require(!members.empty(), "empty set");
      if (v.type() == Type::NS) {
        for (const auto& member : members) canonical_number(member);
      }
      auto sorted = members;
      std::sort(sorted.begin(), sorted.end());
      auto dup = std::adjacent_find(sorted.begin(), sorted.end());
      require(dup == sorted.end(), "duplicate set member", dup == sorted.end() ? "" : *dup);
      break;
    }
    case Type::M:
      for (const auto& [name, member] : v.map_value()) check_value(member);
      break;
    case Type::L:
      for (const auto& element : v.list_value()) check_value(element);
      break;
    default:
      break;
  }
}

// Every value valid, and the item survives storage's binary encoding unchanged.
inline void check_item(const model::Item& item) {
  for (const auto& [name, value] : item) check_value(value);
  (void)model::item_size(item);
  const std::string encoded = model::encode_item(item);
  auto decoded = model::decode_item(encoded);
  require(decoded.has_value(), "encode_item output does not decode",
          decoded ? std::string() : decoded.error().message);
  require(*decoded == item, "binary codec round trip changed the item");
}

}  // namespace drydock::fuzz
