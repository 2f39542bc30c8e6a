// server-internal: RapidJSON reading with DynamoDB's SerializationException rules, and
// the DynamoDB JSON <-> model::AttributeValue codec. Only server/ .cc files include this.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/attribute_value.h"
#include "model/error.h"

namespace drydock::server {

using JsonValue = rapidjson::Value;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Parses a request body in place (`body` is modified and must outlive `doc`). True when it is
// one JSON object; anything else is DynamoDB's SerializationException with no message. Uses
// constant stack whatever the nesting depth.
bool parse_body(std::string& body, rapidjson::Document& doc);

// Typed member access. A member that is absent or JSON null reads as nullopt / nullptr; a
// member of the wrong JSON type is DynamoDB's SerializationException.
model::Result<std::optional<std::string_view>> read_string(const JsonValue& obj, const char* name);
// java_type names the wire type in messages: "Long" (capacity units) or "Integer" (Limit,
// Segment, TotalSegments).
model::Result<std::optional<std::int64_t>> read_long(const JsonValue& obj, const char* name,
                                                     std::string_view java_type = "Long");
model::Result<std::optional<bool>> read_bool(const JsonValue& obj, const char* name);
model::Result<const JsonValue*> read_object(const JsonValue& obj, const char* name);
model::Result<const JsonValue*> read_array(const JsonValue& obj, const char* name);
// Elements of lists of structures / strings.
model::Result<void> expect_object(const JsonValue& v);
model::Result<std::string_view> expect_string(const JsonValue& v);

// DynamoDB JSON ({"S": "x"}, {"N": "1"}, ...) to a validated value: exactly one type,
// numbers parsed and normalised, base64 decoded, sets non-empty without duplicates, NULL
// true, nesting within DynamoDB's limit.
model::Result<model::AttributeValue> decode_value(const JsonValue& v);
// A map of attribute name -> DynamoDB JSON value (Item, Key, ExpressionAttributeValues).
model::Result<model::AttributeMap> decode_map(const JsonValue& obj);

void write_value(JsonWriter& w, const model::AttributeValue& v);
void write_map(JsonWriter& w, const model::AttributeMap& m);
void write_string(JsonWriter& w, std::string_view s);
// A stored item (model's binary encoding) written as DynamoDB JSON without decoding it into
// an Item first. On corrupt input fails (InternalFailure) with part of it written.
model::Result<void> write_encoded_item(JsonWriter& w, std::string_view encoded);

// Base64 (standard alphabet, padded), as DynamoDB's B/BS wire form.
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace drydock::server
