// AttributeValue: DynamoDB's value model, all ten types. Numbers are held in their
// canonical text (see Number), so equal numbers have equal text.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace drydock::model {

// Wire names; NULL_ because NULL is a macro.
enum class Type : std::uint8_t { S, N, B, BOOL, NULL_, M, L, SS, NS, BS };

std::string_view type_name(Type type);  // "S", "N", ..., "NULL", ...
bool is_set_type(Type type);
// The scalar type of a set's members: SS -> S, NS -> N, BS -> B.
Type set_member_type(Type set_type);

class AttributeValue;
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
using Item = AttributeMap;

class AttributeValue {
 public:
  using List = std::vector<AttributeValue>;
  using Map = AttributeMap;
  using Set = std::vector<std::string>;  // members of SS/NS/BS: text, canonical N, raw bytes

  AttributeValue() : type_(Type::NULL_), value_(std::monostate{}) {}

  static AttributeValue string(std::string s) { return {Type::S, std::move(s)}; }
  // REQUIRES: canonical is Number::to_string() output.
  static AttributeValue number(std::string canonical) { return {Type::N, std::move(canonical)}; }
  static AttributeValue binary(std::string bytes) { return {Type::B, std::move(bytes)}; }
  static AttributeValue boolean(bool b) { return {Type::BOOL, b}; }
  static AttributeValue null() { return {}; }
  static AttributeValue map(Map m) { return {Type::M, std::move(m)}; }
  static AttributeValue list(List l) { return {Type::L, std::move(l)}; }
  // REQUIRES: type is SS, NS or BS; members distinct (NS members canonical).
  static AttributeValue set(Type type, Set members) { return {type, std::move(members)}; }

  Type type() const { return type_; }
  bool is(Type t) const { return type_ == t; }

  // S, N (canonical text) and B (raw bytes).
  const std::string& scalar() const { return std::get<std::string>(value_); }
  bool boolean_value() const { return std::get<bool>(value_); }
  const Map& map_value() const { return std::get<Map>(value_); }
  Map& map_value() { return std::get<Map>(value_); }
  const List& list_value() const { return std::get<List>(value_); }
  List& list_value() { return std::get<List>(value_); }
  const Set& set_value() const { return std::get<Set>(value_); }
  Set& set_value() { return std::get<Set>(value_); }

  // DynamoDB equality: same type and value; sets compare as sets (order ignored).
  friend bool operator==(const AttributeValue& a, const AttributeValue& b);

 private:
  using Storage = std::variant<std::monostate, std::string, bool, List, Map, Set>;
  template <typename V>
  AttributeValue(Type type, V&& v) : type_(type), value_(std::forward<V>(v)) {}

  Type type_;
  Storage value_;
};

}  // namespace drydock::model
