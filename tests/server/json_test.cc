// Pins the DynamoDB JSON codec: every type round-trips, and malformed values get
// DynamoDB's errors.
#include "server/json.h"

#include <gtest/gtest.h>

#include "model/binary_codec.h"

namespace drydock::server {
namespace {

model::Result<model::AttributeValue> decode(const char* json) {
  rapidjson::Document d;
  d.Parse(json);
  return decode_value(d);
}

std::string encode(const model::AttributeValue& v) {
  rapidjson::StringBuffer b;
  JsonWriter w(b);
  write_value(w, v);
  return b.GetString();
}

struct RoundTrip {
  const char* in;
  const char* out;
};

class JsonRoundTrip : public ::testing::TestWithParam<RoundTrip> {};

TEST_P(JsonRoundTrip, DecodesAndEncodes) {
  auto v = decode(GetParam().in);
  ASSERT_TRUE(v.has_value()) << v.error().message;
  EXPECT_EQ(encode(*v), GetParam().out);
}

INSTANTIATE_TEST_SUITE_P(
    Types, JsonRoundTrip,
    ::testing::Values(RoundTrip{R"({"S":"x"})", R"({"S":"x"})"},
                      RoundTrip{R"({"N":"01.50"})", R"({"N":"1.5"})"},
                      RoundTrip{R"({"B":"AAEC"})", R"({"B":"AAEC"})"},
                      RoundTrip{R"({"B":"YQ=="})", R"({"B":"YQ=="})"},
                      RoundTrip{R"({"BOOL":false})", R"({"BOOL":false})"},
                      RoundTrip{R"({"NULL":true})", R"({"NULL":true})"},
                      RoundTrip{R"({"L":[{"S":"a"},{"N":"1"}]})", R"({"L":[{"S":"a"},{"N":"1"}]})"},
                      RoundTrip{R"({"M":{"k":{"SS":["a","b"]}}})", R"({"M":{"k":{"SS":["a","b"]}}})"},
                      RoundTrip{R"({"NS":["1","2.50"]})", R"({"NS":["1","2.5"]})"},
                      RoundTrip{R"({"BS":["YQ==","Yg=="]})", R"({"BS":["YQ==","Yg=="]})"}));

// A stored item written straight from its encoding reads exactly as the decoded item does.
TEST(Json, EncodedItemsWriteLikeDecodedOnes) {
  rapidjson::Document d;
  d.Parse(R"({"pk":{"S":"p"},"n":{"N":"-1.5e3"},"b":{"B":"AAEC"},"t":{"BOOL":true},)"
          R"("z":{"NULL":true},"l":{"L":[{"S":"a"},{"M":{}},{"L":[]},{"BS":["YQ=="]}]},)"
          R"("m":{"M":{"x":{"M":{"y":{"NS":["1","2"]}}},"s":{"SS":["a","b"]}}},"e":{"S":""}})");
  auto item = decode_map(d);
  ASSERT_TRUE(item.has_value()) << item.error().message;
  for (const model::Item& i : {*item, model::Item{}}) {
    rapidjson::StringBuffer expected, actual;
    JsonWriter we(expected), wa(actual);
    write_map(we, i);
    ASSERT_TRUE(write_encoded_item(wa, model::encode_item(i)).has_value());
    EXPECT_STREQ(actual.GetString(), expected.GetString());
  }
  rapidjson::StringBuffer b;
  JsonWriter w(b);
  auto bad = write_encoded_item(w, "\x05\x01");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, model::ErrorCode::InternalFailure);
}

struct Bad {
  const char* in;
  model::ErrorCode code;
  const char* message;
};

class JsonInvalid : public ::testing::TestWithParam<Bad> {};

TEST_P(JsonInvalid, RejectsLikeDynamoDB) {
  auto v = decode(GetParam().in);
  ASSERT_FALSE(v.has_value()) << GetParam().in;
  EXPECT_EQ(v.error().code, GetParam().code);
  EXPECT_EQ(v.error().message, GetParam().message);
}

using model::ErrorCode;
INSTANTIATE_TEST_SUITE_P(
    Values, JsonInvalid,
    ::testing::Values(
        Bad{R"({})", ErrorCode::ValidationException,
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"},
        Bad{R"({"S":"a","N":"1"})", ErrorCode::ValidationException,
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes"},
        Bad{R"({"SS":[]})", ErrorCode::ValidationException,
            "One or more parameter values were invalid: An string set  may not be empty"},
        Bad{R"({"NS":[]})", ErrorCode::ValidationException,
            "One or more parameter values were invalid: An number set  may not be empty"},
        Bad{R"({"BS":[]})", ErrorCode::ValidationException,
            "One or more parameter values were invalid: Binary sets should not be empty"},
        Bad{R"({"SS":["a","a"]})", ErrorCode::ValidationException,
            "One or more parameter values were invalid: Input collection [a, a] contains "
            "duplicates."},
        Bad{R"({"NS":["1","1.0"]})", ErrorCode::ValidationException,
            "Input collection contains duplicates"},
        Bad{R"({"NULL":false})", ErrorCode::ValidationException,
            "One or more parameter values were invalid: Null attribute value types must have the "
            "value of true"},
        Bad{R"({"N":"abc"})", ErrorCode::ValidationException,
            "The parameter cannot be converted to a numeric value: abc"},
        Bad{R"({"S":5})", ErrorCode::SerializationException,
            "NUMBER_VALUE cannot be converted to String"},
        Bad{R"({"S":{}})", ErrorCode::SerializationException,
            "Start of structure or map found where not expected"}));

TEST(Json, NestingLimit) {
  std::string deep;
  for (int i = 0; i < 33; ++i) deep += R"({"L":[)";
  deep += R"({"S":"x"})";
  for (int i = 0; i < 33; ++i) deep += "]}";
  auto v = decode(deep.c_str());
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().message, "Nesting Levels have exceeded supported limits");
}

TEST(Json, Base64) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_decode("Zm9vYg==").value(), "foob");
  EXPECT_FALSE(base64_decode("Zm9v!").has_value());
  EXPECT_FALSE(base64_decode("Z").has_value());
}

}  // namespace
}  // namespace drydock::server
