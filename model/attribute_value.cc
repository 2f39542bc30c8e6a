#include "model/attribute_value.h"

#include <algorithm>
#include <array>

namespace drydock::model {

std::string_view type_name(Type type) {
  static constexpr std::array<std::string_view, 10> kNames = {"S",    "N", "B", "BOOL", "NULL",
                                                              "M",    "L", "SS", "NS",  "BS"};
  return kNames[static_cast<std::size_t>(type)];
}

bool is_set_type(Type type) { return type == Type::SS || type == Type::NS || type == Type::BS; }

Type set_member_type(Type set_type) {
  switch (set_type) {
    case Type::SS: return Type::S;
    case Type::NS: return Type::N;
    default: return Type::B;
  }
}

bool operator==(const AttributeValue& a, const AttributeValue& b) {
  if (a.type_ != b.type_) return false;
  if (is_set_type(a.type_)) {
    const auto& x = a.set_value();
    const auto& y = b.set_value();
    if (x.size() != y.size()) return false;
    // Members are distinct, so equal size plus inclusion means equal sets.
    return std::all_of(x.begin(), x.end(), [&](const std::string& m) {
      return std::find(y.begin(), y.end(), m) != y.end();
    });
  }
  return a.value_ == b.value_;
}

}  // namespace drydock::model
