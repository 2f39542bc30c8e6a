// Pins the request pipeline without sockets: routing, authentication, decoding, the error
// envelope, and the headers every response carries.
#include "server/handler.h"

#include <gtest/gtest.h>

namespace drydock::server {
namespace {

constexpr const char* kAuth =
    "AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=0000";

class HandlerTest : public ::testing::Test {
 protected:
  HandlerTest() : engine_({".", true}), handler_(settings_, engine_) {}

  HttpResponse call(std::string target, std::string body, bool with_auth = true) {
    auth::RequestView view;
    view.method = "POST";
    view.path = "/";
    target_ = std::move(target);
    if (!target_.empty()) view.headers.emplace_back("X-Amz-Target", target_);
    view.headers.emplace_back("Content-Type", "application/x-amz-json-1.0");
    if (with_auth) view.headers.emplace_back("Authorization", kAuth);
    view.headers.emplace_back("X-Amz-Date", "20260101T000000Z");
    body_ = std::move(body);
    view.body = body_;
    return handler_.handle(view, body_);
  }

  static std::string header(const HttpResponse& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  ServerSettings settings_;
  storage::Engine engine_;
  Handler handler_;
  std::string target_, body_;
};

TEST_F(HandlerTest, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
}

TEST_F(HandlerTest, Crc32MatchesBitwiseCrcAtEveryLengthAndOffset) {
  auto bitwise = [](std::string_view data) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : data) {
      c ^= b;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
  };
  std::string data;
  std::uint32_t x = 12345;
  for (int i = 0; i < 300; ++i) {
    x = x * 1103515245u + 12345u;
    data.push_back(static_cast<char>(x >> 16));
  }
  for (std::size_t offset = 0; offset < 9; ++offset) {
    for (std::size_t len = 0; offset + len <= data.size(); len += 7) {
      std::string_view v(data.data() + offset, len);
      ASSERT_EQ(crc32(v), bitwise(v)) << "offset " << offset << " length " << len;
    }
  }
}

TEST_F(HandlerTest, EveryResponseCarriesRequestIdAndCrc) {
  auto r = call("DynamoDB_20120810.ListTables", "{}");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"TableNames":[]})");
  EXPECT_EQ(header(r, "x-amzn-RequestId").size(), 52u);
  EXPECT_EQ(header(r, "x-amz-crc32"), std::to_string(crc32(r.body)));
}

TEST_F(HandlerTest, UnknownOperation) {
  auto r = call("DynamoDB_20120810.Frobnicate", "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("com.amazon.coral.service#UnknownOperationException"), std::string::npos);
}

TEST_F(HandlerTest, MissingAuthorization) {
  auto r = call("DynamoDB_20120810.ListTables", "{}", false);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("MissingAuthenticationTokenException"), std::string::npos);
  EXPECT_NE(r.body.find("Request is missing Authentication Token"), std::string::npos);
}

TEST_F(HandlerTest, MalformedJsonIsASerializationException) {
  auto r = call("DynamoDB_20120810.ListTables", "{not json");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.service#SerializationException"})");
  r = call("DynamoDB_20120810.ListTables", "[]");
  EXPECT_EQ(r.status, 400);
}

TEST_F(HandlerTest, WrongJsonTypeIsASerializationException) {
  auto r = call("DynamoDB_20120810.DescribeTable", R"({"TableName": 5})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"__type":"com.amazon.coral.service#SerializationException",)"
            R"("Message":"NUMBER_VALUE cannot be converted to String"})");
}

TEST_F(HandlerTest, ValidationMessagesListEveryViolation) {
  auto r = call("DynamoDB_20120810.ListTables",
                R"({"ExclusiveStartTableName": "a!b", "Limit": 0})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"__type":"com.amazon.coral.validate#ValidationException","message":"2 validation )"
            R"(errors detected: Value 'a!b' at 'exclusiveStartTableName' failed to satisfy )"
            R"(constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; )"
            R"(Value '0' at 'limit' failed to satisfy constraint: Member must have value greater )"
            R"(than or equal to 1"})");
}

TEST_F(HandlerTest, TableNameLengthIsCheckedAfterConstraints) {
  auto r = call("DynamoDB_20120810.DescribeTable", R"({"TableName": "ab"})");
  EXPECT_EQ(r.body,
            R"({"__type":"com.amazon.coral.validate#ValidationException","message":"TableName )"
            R"(must be at least 3 characters long and at most 255 characters long"})");
  r = call("DynamoDB_20120810.DescribeTable", R"({})");
  EXPECT_EQ(r.body,
            R"({"__type":"com.amazon.coral.validate#ValidationException","message":"The )"
            R"(parameter 'TableName' is required but was not present in the request"})");
}

TEST_F(HandlerTest, TableLifecycleAndItems) {
  auto r = call("DynamoDB_20120810.CreateTable",
                R"({"TableName":"Sessions","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
                R"("AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
                R"("BillingMode":"PAY_PER_REQUEST"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"("TableStatus":"CREATING")"), std::string::npos);
  r = call("DynamoDB_20120810.PutItem",
           R"({"TableName":"Sessions","Item":{"id":{"S":"a"},"n":{"N":"1.50"}}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "{}");
  r = call("DynamoDB_20120810.GetItem", R"({"TableName":"Sessions","Key":{"id":{"S":"a"}}})");
  EXPECT_EQ(r.body, R"({"Item":{"id":{"S":"a"},"n":{"N":"1.5"}}})");
  r = call("DynamoDB_20120810.GetItem", R"({"TableName":"Sessions","Key":{"id":{"N":"1"}}})");
  EXPECT_NE(r.body.find("The provided key element does not match the schema"), std::string::npos);
  r = call("DynamoDB_20120810.GetItem", R"({"TableName":"Nope","Key":{"id":{"S":"a"}}})");
  EXPECT_EQ(r.body,
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
            R"("message":"Requested resource not found"})");
}

}  // namespace
}  // namespace drydock::server
