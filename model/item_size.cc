#include "model/item_size.h"

namespace drydock::model {

std::size_t number_size(std::string_view canonical) {
  std::size_t digits = 0;
  bool leading = true;
  std::size_t trailing_zeros = 0;
  for (char c : canonical) {
    if (c < '0' || c > '9') continue;
    if (leading && c == '0') continue;
    leading = false;
    ++digits;
    trailing_zeros = c == '0' ? trailing_zeros + 1 : 0;
  }
  // Canonical integers may end in zeros that are not significant digits.
  digits -= trailing_zeros;
  return (digits + 1) / 2 + 1;
}

std::size_t value_size(const AttributeValue& value) {
  switch (value.type()) {
    case Type::S:
    case Type::B:
      return value.scalar().size();
    case Type::N:
      return number_size(value.scalar());
    case Type::BOOL:
    case Type::NULL_:
      return 1;
    case Type::SS:
    case Type::BS: {
      std::size_t n = 0;
      for (const auto& m : value.set_value()) n += m.size();
      return n;
    }
    case Type::NS: {
      std::size_t n = 0;
      for (const auto& m : value.set_value()) n += number_size(m);
      return n;
    }
    case Type::L: {
      std::size_t n = 3;
      for (const auto& e : value.list_value()) n += 1 + value_size(e);
      return n;
    }
    case Type::M: {
      std::size_t n = 3;
      for (const auto& [k, v] : value.map_value()) n += 1 + k.size() + value_size(v);
      return n;
    }
  }
  return 0;
}

std::size_t attribute_size(std::string_view name, const AttributeValue& value) {
  return name.size() + value_size(value);
}

std::size_t item_size(const Item& item) {
  std::size_t n = 0;
  for (const auto& [k, v] : item) n += attribute_size(k, v);
  return n;
}

}  // namespace drydock::model
