#include "server/json.h"

#include <algorithm>
#include <array>

#include "model/binary_codec.h"
#include "model/number.h"

namespace drydock::server {
namespace {

using model::AttributeValue;
using model::Error;
using model::ErrorCode;
using model::Result;
using model::Type;

constexpr int kMaxNesting = 32;

std::unexpected<Error> serialization(std::string message) {
  return model::fail(ErrorCode::SerializationException, std::move(message));
}

// Coral's wording for a JSON token where another type was expected.
std::string token_name(const JsonValue& v) {
  switch (v.GetType()) {
    case rapidjson::kNumberType:
      return v.IsInt64() || v.IsUint64() ? "NUMBER_VALUE" : "DECIMAL_VALUE";
    case rapidjson::kTrueType: return "TRUE_VALUE";
    case rapidjson::kFalseType: return "FALSE_VALUE";
    case rapidjson::kStringType: return "STRING_VALUE";
    default: return "VALUE";
  }
}

// `expected` is the Java type Coral converts to: String, Integer, Long, Boolean, or
// Structure / List / Map for the containers.
std::unexpected<Error> wrong_type(const JsonValue& v, std::string_view expected) {
  bool container = expected == "Structure" || expected == "List" || expected == "Map" ||
                   expected == "AttributeValue";
  if (v.IsObject()) return serialization("Start of structure or map found where not expected");
  if (v.IsArray()) {
    if (expected == "List") return serialization("Start of list found where not expected");
    return serialization("Unrecognized collection type class java.lang." +
                         std::string(container ? "Object" : expected));
  }
  if (container) return serialization("Unexpected value type in payload");
  return serialization(token_name(v) + " cannot be converted to " + std::string(expected));
}

const JsonValue* member(const JsonValue& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

constexpr std::array<std::pair<std::string_view, Type>, 10> kTypeKeys = {{
    {"S", Type::S}, {"N", Type::N}, {"B", Type::B}, {"BOOL", Type::BOOL}, {"NULL", Type::NULL_},
    {"M", Type::M}, {"L", Type::L}, {"SS", Type::SS}, {"NS", Type::NS}, {"BS", Type::BS}}};

Result<AttributeValue> decode_value_at(const JsonValue& v, int depth);

Result<model::AttributeMap> decode_map_at(const JsonValue& obj, int depth) {
  if (!obj.IsObject()) return wrong_type(obj, "Map");
  model::AttributeMap out;
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
    auto value = decode_value_at(it->value, depth);
    if (!value) return std::unexpected(value.error());
    out.insert_or_assign(std::string(it->name.GetString(), it->name.GetStringLength()),
                         std::move(*value));
  }
  return out;
}

Result<AttributeValue::Set> decode_set(const JsonValue& arr, Type type) {
  if (!arr.IsArray()) return wrong_type(arr, "List");
  AttributeValue::Set members;
  members.reserve(arr.Size());
  for (const auto& e : arr.GetArray()) {
    if (!e.IsString()) return wrong_type(e, "String");
    std::string_view text(e.GetString(), e.GetStringLength());
    if (type == Type::NS) {
      auto n = model::Number::parse(text);
      if (!n) return std::unexpected(n.error());
      members.push_back(n->to_string());
    } else if (type == Type::BS) {
      auto bytes = base64_decode(text);
      if (!bytes) return serialization("Base64 encoded length is expected a multiple of 4 bytes");
      members.push_back(std::move(*bytes));
    } else {
      members.emplace_back(text);
    }
  }
  if (members.empty()) {
    switch (type) {
      case Type::SS:
        return model::fail_validation(
            "One or more parameter values were invalid: An string set  may not be empty");
      case Type::NS:
        return model::fail_validation(
            "One or more parameter values were invalid: An number set  may not be empty");
      default:
        return model::fail_validation(
            "One or more parameter values were invalid: Binary sets should not be empty");
    }
  }
  auto sorted = members;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    if (type == Type::SS) {
      std::string list;
      for (const auto& m : members) {
        if (!list.empty()) list += ", ";
        list += m;
      }
      return model::fail_validation("One or more parameter values were invalid: Input collection [" +
                                    list + "] contains duplicates.");
    }
    if (type == Type::NS) return model::fail_validation("Input collection contains duplicates");
    std::string list;
    for (const auto& m : members) {
      if (!list.empty()) list += ", ";
      list += base64_encode(m);
    }
    return model::fail_validation("One or more parameter values were invalid: Input collection [" +
                                  list + "]of type BS contains duplicates.");
  }
  return members;
}

Result<AttributeValue> decode_value_at(const JsonValue& v, int depth) {
  if (!v.IsObject()) return wrong_type(v, "AttributeValue");
  if (depth > kMaxNesting) {
    return model::fail_validation("Nesting Levels have exceeded supported limits");
  }
  const JsonValue* found = nullptr;
  Type type = Type::NULL_;
  int count = 0;
  for (const auto& [key, t] : kTypeKeys) {
    auto it = v.FindMember(rapidjson::StringRef(key.data(), key.size()));
    if (it == v.MemberEnd() || it->value.IsNull()) continue;
    ++count;
    found = &it->value;
    type = t;
  }
  if (count == 0) {
    return model::fail_validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (count > 1) {
    return model::fail_validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
        "supported datatypes");
  }
  const JsonValue& x = *found;
  switch (type) {
    case Type::S:
      if (!x.IsString()) return wrong_type(x, "String");
      return AttributeValue::string(std::string(x.GetString(), x.GetStringLength()));
    case Type::N: {
      if (!x.IsString()) return wrong_type(x, "String");
      auto n = model::Number::parse(std::string_view(x.GetString(), x.GetStringLength()));
      if (!n) return std::unexpected(n.error());
      return AttributeValue::number(n->to_string());
    }
    case Type::B: {
      if (!x.IsString()) {
        return serialization("only base-64-encoded strings are convertible to bytes");
      }
      auto bytes = base64_decode(std::string_view(x.GetString(), x.GetStringLength()));
      if (!bytes) return serialization("Base64 encoded length is expected a multiple of 4 bytes");
      return AttributeValue::binary(std::move(*bytes));
    }
    case Type::BOOL:
      if (!x.IsBool()) return wrong_type(x, "Boolean");
      return AttributeValue::boolean(x.GetBool());
    case Type::NULL_:
      if (!x.IsBool()) return wrong_type(x, "Boolean");
      if (!x.GetBool()) {
        return model::fail_validation(
            "One or more parameter values were invalid: Null attribute value types must have the "
            "value of true");
      }
      return AttributeValue::null();
    case Type::M: {
      auto m = decode_map_at(x, depth + 1);
      if (!m) return std::unexpected(m.error());
      return AttributeValue::map(std::move(*m));
    }
    case Type::L: {
      if (!x.IsArray()) return wrong_type(x, "List");
      AttributeValue::List list;
      list.reserve(x.Size());
      for (const auto& e : x.GetArray()) {
        auto item = decode_value_at(e, depth + 1);
        if (!item) return std::unexpected(item.error());
        list.push_back(std::move(*item));
      }
      return AttributeValue::list(std::move(list));
    }
    case Type::SS:
    case Type::NS:
    case Type::BS: {
      auto set = decode_set(x, type);
      if (!set) return std::unexpected(set.error());
      return AttributeValue::set(type, std::move(*set));
    }
  }
  return model::fail(ErrorCode::InternalFailure, "unreachable attribute type");
}

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

bool parse_body(std::string& body, rapidjson::Document& doc) {
  // Iterative: RapidJSON's default parser recurses once per nesting level, so a 1.5 MB body of
  // nested arrays or objects overflowed the stack and killed the server (regression input:
  // tests/fuzz/corpus/decoder/regress-deep-nesting.json). The document's memory pool frees
  // without recursing, and decode_value() stops at DynamoDB's nesting limit.
  doc.ParseInsitu<rapidjson::kParseIterativeFlag>(body.data());
  return !doc.HasParseError() && doc.IsObject();
}

Result<std::optional<std::string_view>> read_string(const JsonValue& obj, const char* name) {
  const JsonValue* v = member(obj, name);
  if (!v) return std::optional<std::string_view>();
  if (!v->IsString()) return wrong_type(*v, "String");
  return std::optional<std::string_view>(std::string_view(v->GetString(), v->GetStringLength()));
}

Result<std::optional<std::int64_t>> read_long(const JsonValue& obj, const char* name,
                                              std::string_view java_type) {
  const JsonValue* v = member(obj, name);
  if (!v) return std::optional<std::int64_t>();
  if (v->IsInt64()) return std::optional<std::int64_t>(v->GetInt64());
  if (v->IsNumber()) {
    // Coral truncates fractional and out-of-range numbers rather than rejecting them.
    double d = v->GetDouble();
    if (d > 9.2e18) return std::optional<std::int64_t>(INT64_MAX);
    if (d < -9.2e18) return std::optional<std::int64_t>(INT64_MIN);
    return std::optional<std::int64_t>(static_cast<std::int64_t>(d));
  }
  return wrong_type(*v, java_type);
}

Result<std::optional<bool>> read_bool(const JsonValue& obj, const char* name) {
  const JsonValue* v = member(obj, name);
  if (!v) return std::optional<bool>();
  if (!v->IsBool()) return wrong_type(*v, "Boolean");
  return std::optional<bool>(v->GetBool());
}

Result<const JsonValue*> read_object(const JsonValue& obj, const char* name) {
  const JsonValue* v = member(obj, name);
  if (v && !v->IsObject()) return wrong_type(*v, "Structure");
  return v;
}

Result<const JsonValue*> read_array(const JsonValue& obj, const char* name) {
  const JsonValue* v = member(obj, name);
  if (v && !v->IsArray()) return wrong_type(*v, "List");
  return v;
}

Result<void> expect_object(const JsonValue& v) {
  if (!v.IsObject()) return wrong_type(v, "Structure");
  return {};
}

Result<std::string_view> expect_string(const JsonValue& v) {
  if (!v.IsString()) return wrong_type(v, "String");
  return std::string_view(v.GetString(), v.GetStringLength());
}

Result<AttributeValue> decode_value(const JsonValue& v) { return decode_value_at(v, 1); }

Result<model::AttributeMap> decode_map(const JsonValue& obj) { return decode_map_at(obj, 1); }

void write_string(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void write_value(JsonWriter& w, const AttributeValue& v) {
  w.StartObject();
  auto name = model::type_name(v.type());
  w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  switch (v.type()) {
    case Type::S:
    case Type::N:
      write_string(w, v.scalar());
      break;
    case Type::B:
      write_string(w, base64_encode(v.scalar()));
      break;
    case Type::BOOL:
      w.Bool(v.boolean_value());
      break;
    case Type::NULL_:
      w.Bool(true);
      break;
    case Type::M:
      write_map(w, v.map_value());
      break;
    case Type::L:
      w.StartArray();
      for (const auto& e : v.list_value()) write_value(w, e);
      w.EndArray();
      break;
    case Type::SS:
    case Type::NS:
      w.StartArray();
      for (const auto& m : v.set_value()) write_string(w, m);
      w.EndArray();
      break;
    case Type::BS:
      w.StartArray();
      for (const auto& m : v.set_value()) write_string(w, base64_encode(m));
      w.EndArray();
      break;
  }
  w.EndObject();
}

namespace {

class JsonItemWriter final : public model::ItemVisitor {
 public:
  explicit JsonItemWriter(JsonWriter& w) : w_(w) {}

  void begin_map() override {
    // The outermost map is the item itself; nested ones are M values.
    if (depth_++ > 0) open("M");
    w_.StartObject();
  }
  void key(std::string_view name) override {
    w_.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  }
  void end_map() override {
    w_.EndObject();
    if (--depth_ > 0) w_.EndObject();
  }
  void begin_list() override {
    open("L");
    w_.StartArray();
  }
  void end_list() override {
    w_.EndArray();
    w_.EndObject();
  }
  void scalar(Type type, std::string_view value) override {
    open(model::type_name(type));
    if (type == Type::B) {
      write_string(w_, base64_encode(value));
    } else {
      write_string(w_, value);
    }
    w_.EndObject();
  }
  void boolean(bool value) override {
    open("BOOL");
    w_.Bool(value);
    w_.EndObject();
  }
  void null() override {
    open("NULL");
    w_.Bool(true);
    w_.EndObject();
  }
  void begin_set(Type type) override {
    open(model::type_name(type));
    w_.StartArray();
  }
  void set_member(Type type, std::string_view value) override {
    if (type == Type::BS) {
      write_string(w_, base64_encode(value));
    } else {
      write_string(w_, value);
    }
  }
  void end_set() override {
    w_.EndArray();
    w_.EndObject();
  }

 private:
  // {"T": ... up to the value.
  void open(std::string_view type_name) {
    w_.StartObject();
    w_.Key(type_name.data(), static_cast<rapidjson::SizeType>(type_name.size()));
  }

  JsonWriter& w_;
  int depth_ = 0;
};

}  // namespace

model::Result<void> write_encoded_item(JsonWriter& w, std::string_view encoded) {
  JsonItemWriter writer(w);
  return model::visit_item(encoded, writer);
}

void write_map(JsonWriter& w, const model::AttributeMap& m) {
  w.StartObject();
  for (const auto& [k, v] : m) {
    w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    write_value(w, v);
  }
  w.EndObject();
}

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    auto n = (static_cast<unsigned char>(in[i]) << 16) |
             (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    out.push_back(kB64[(n >> 18) & 63]);
    out.push_back(kB64[(n >> 12) & 63]);
    out.push_back(kB64[(n >> 6) & 63]);
    out.push_back(kB64[n & 63]);
  }
  if (i < in.size()) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    out.push_back(kB64[(n >> 18) & 63]);
    out.push_back(kB64[(n >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kB64[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  // Unpadded input is accepted as the SDKs never send it but Coral tolerates it.
  std::size_t len = in.size();
  while (len > 0 && in[len - 1] == '=') --len;
  if (in.size() - len > 2 || len % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(len * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < len; ++i) {
    int v = value(in[i]);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

}  // namespace drydock::server
