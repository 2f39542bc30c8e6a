// Builders of attribute values for expr tests, and a deterministic rendering of items that
// gen_oracle_cases.py mirrors (render()).
#pragma once

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "expr/resolver.h"
#include "model/attribute_value.h"
#include "model/number.h"

namespace drydock::expr::testing {

using model::AttributeValue;
using model::Item;
using model::Type;

inline std::string canonical(const std::string& n) {
  auto parsed = model::Number::parse(n);
  return parsed ? parsed->to_string() : n;
}

inline AttributeValue S(std::string s) { return AttributeValue::string(std::move(s)); }
inline AttributeValue N(const std::string& n) { return AttributeValue::number(canonical(n)); }
inline AttributeValue Bin(std::string b) { return AttributeValue::binary(std::move(b)); }
inline AttributeValue Bool(bool b) { return AttributeValue::boolean(b); }
inline AttributeValue Null() { return AttributeValue::null(); }
inline AttributeValue L(std::initializer_list<AttributeValue> xs) {
  return AttributeValue::list(AttributeValue::List(xs));
}
inline AttributeValue M(std::initializer_list<std::pair<const std::string, AttributeValue>> xs) {
  return AttributeValue::map(AttributeValue::Map(xs));
}
inline AttributeValue SS(std::initializer_list<std::string> xs) {
  return AttributeValue::set(Type::SS, AttributeValue::Set(xs));
}
inline AttributeValue NS(std::initializer_list<std::string> xs) {
  AttributeValue::Set members;
  for (const auto& x : xs) members.push_back(canonical(x));
  return AttributeValue::set(Type::NS, std::move(members));
}
inline AttributeValue BS(std::initializer_list<std::string> xs) {
  return AttributeValue::set(Type::BS, AttributeValue::Set(xs));
}

using Names = AttributeNames;
using Values = model::AttributeMap;
inline const std::optional<Names> kNone;
inline const std::optional<Values> kNoValues;
inline const std::optional<Item> kNoItem;
inline std::optional<Item> OptItem(Item item) { return item; }

inline std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

inline std::string render(const AttributeValue& v);

inline std::string render_map(const AttributeValue::Map& m) {
  std::string out = "{";
  for (const auto& [k, e] : m) {
    if (out.size() > 1) out += ',';
    out += k + ':' + render(e);
  }
  return out + '}';
}

inline std::string render(const AttributeValue& v) {
  switch (v.type()) {
    case Type::S: return "S\"" + v.scalar() + "\"";
    case Type::N: return "N" + v.scalar();
    case Type::B: return "B" + hex(v.scalar());
    case Type::BOOL: return v.boolean_value() ? "true" : "false";
    case Type::NULL_: return "null";
    case Type::L: {
      std::string out = "[";
      for (const auto& e : v.list_value()) {
        if (out.size() > 1) out += ',';
        out += render(e);
      }
      return out + ']';
    }
    case Type::M: return render_map(v.map_value());
    default: {
      std::vector<std::string> members;
      for (const auto& m : v.set_value()) members.push_back(v.is(Type::BS) ? hex(m) : m);
      std::sort(members.begin(), members.end());
      std::string out = std::string(model::type_name(v.type())) + "<";
      for (std::size_t i = 0; i < members.size(); ++i) out += (i ? "," : "") + members[i];
      return out + '>';
    }
  }
}

inline std::string render_item(const Item& item) { return render_map(item); }

}  // namespace drydock::expr::testing
