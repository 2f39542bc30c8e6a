// Pins how DynamoDB reads the Authorization header: the fields it takes and its errors for a
// missing or malformed header, word for word (messages as DynamoDB returns them; DynamoDB
// Local 1.25.1 accepts most of these headers, see the notes in auth/authenticate.h).
#include <gtest/gtest.h>

#include <string>

#include "auth/sigv4.h"

namespace drydock::auth {
namespace {

using model::ErrorCode;

constexpr const char* kValid =
    "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, "
    "Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

TEST(AuthorizationParse, ReadsEveryField) {
  auto credential = parse_authorization(kValid);
  ASSERT_TRUE(credential.has_value()) << credential.error().message;
  EXPECT_EQ(credential->access_key, "AKID");
  EXPECT_EQ(credential->date, "20150830");
  EXPECT_EQ(credential->region, "us-east-1");
  EXPECT_EQ(credential->service, "dynamodb");
  EXPECT_EQ(credential->signed_headers, "host;x-amz-date;x-amz-target");
  EXPECT_EQ(credential->signature,
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  EXPECT_EQ(credential->scope(), "20150830/us-east-1/dynamodb/aws4_request");
}

TEST(AuthorizationParse, SeparatorsAndOrderAreFree) {
  const Credential expected{.access_key = "AKID",
                            .date = "20150830",
                            .region = "eu-west-1",
                            .service = "dynamodb",
                            .signed_headers = "host",
                            .signature = "abc"};
  for (const char* header : {
           "AWS4-HMAC-SHA256 Credential=AKID/20150830/eu-west-1/dynamodb/aws4_request,"
           "SignedHeaders=host,Signature=abc",
           "  AWS4-HMAC-SHA256   Signature=abc ,  SignedHeaders=host,"
           "Credential=AKID/20150830/eu-west-1/dynamodb/aws4_request  ",
           "AWS4-HMAC-SHA256 Credential=AKID/20150830/eu-west-1/dynamodb/aws4_request/, "
           "SignedHeaders=host, Signature=abc, Unknown=ignored",
           "AWS4-HMAC-SHA256\tCredential=AKID/20150830/eu-west-1/dynamodb/aws4_request,,"
           "SignedHeaders=host, Signature=abc",
       }) {
    SCOPED_TRACE(header);
    auto credential = parse_authorization(header);
    ASSERT_TRUE(credential.has_value()) << credential.error().message;
    EXPECT_EQ(*credential, expected);
  }
}

TEST(AuthorizationParse, ValueMayContainEqualSigns) {
  auto credential = parse_authorization(
      "AWS4-HMAC-SHA256 Credential=AK=ID/20150830/us-east-1/dynamodb/aws4_request, "
      "SignedHeaders=host, Signature=ab==");
  ASSERT_TRUE(credential.has_value()) << credential.error().message;
  EXPECT_EQ(credential->access_key, "AK=ID");
  EXPECT_EQ(credential->signature, "ab==");
}

struct Case {
  const char* header;
  ErrorCode code;
  const char* message;
};

class AuthorizationError : public ::testing::TestWithParam<Case> {};

TEST_P(AuthorizationError, MatchesDynamoDB) {
  auto result = parse_authorization(GetParam().header);
  ASSERT_FALSE(result.has_value()) << GetParam().header;
  EXPECT_EQ(result.error().code, GetParam().code);
  EXPECT_EQ(result.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AuthorizationError,
    ::testing::Values(
        // No header value at all, or one that is not SigV4: DynamoDB says the token is missing
        // (not IncompleteSignature), even for "AWS4" without the dash.
        Case{"", ErrorCode::MissingAuthenticationTokenException,
             "Request is missing Authentication Token"},
        Case{"   ", ErrorCode::MissingAuthenticationTokenException,
             "Request is missing Authentication Token"},
        Case{"AWS4", ErrorCode::MissingAuthenticationTokenException,
             "Request is missing Authentication Token"},
        Case{"Bearer eyJhbGciOiJIUzI1NiJ9", ErrorCode::MissingAuthenticationTokenException,
             "Request is missing Authentication Token"},
        Case{"AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=",
             ErrorCode::MissingAuthenticationTokenException,
             "Request is missing Authentication Token"},
        // Everything missing.
        Case{"AWS4-", ErrorCode::IncompleteSignatureException,
             "Authorization header requires 'Credential' parameter. Authorization header "
             "requires 'Signature' parameter. Authorization header requires 'SignedHeaders' "
             "parameter. Authorization=AWS4-"},
        Case{"AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/dynamodb/aws4_request",
             ErrorCode::IncompleteSignatureException,
             "Authorization header requires 'Signature' parameter. Authorization header "
             "requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 "
             "Credential=AKID/20150830/us-east-1/dynamodb/aws4_request"},
        Case{"AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc",
             ErrorCode::IncompleteSignatureException,
             "Authorization header requires 'Credential' parameter. "
             "Authorization=AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc"},
        // An empty Credential or Signature counts as missing; an empty SignedHeaders does not.
        Case{"AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
             ErrorCode::IncompleteSignatureException,
             "Authorization header requires 'Credential' parameter. Authorization header "
             "requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=, "
             "SignedHeaders=, Signature="},
        // Parts are split at spaces and commas; the first part without '=' is reported.
        Case{"AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders",
             ErrorCode::IncompleteSignatureException,
             "'Credential' not a valid key=value pair (missing equal-sign) in Authorization "
             "header: 'AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders'."},
        Case{"AWS4-HMAC-SHA256 Credential= AKID/20150830/us-east-1/dynamodb/aws4_request, "
             "SignedHeaders=host, Signature=abc",
             ErrorCode::IncompleteSignatureException,
             "'AKID/20150830/us-east-1/dynamodb/aws4_request' not a valid key=value pair "
             "(missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential= "
             "AKID/20150830/us-east-1/dynamodb/aws4_request, SignedHeaders=host, "
             "Signature=abc'."},
        // Syntax is complete but the algorithm is not SigV4 with SHA-256.
        Case{"AWS4-HMAC-SHA25 Credential=AKID/20150830/us-east-1/dynamodb/aws4_request, "
             "SignedHeaders=host, Signature=abc",
             ErrorCode::IncompleteSignatureException,
             "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). "},
        Case{"AWS4-ECDSA-P256-SHA256 Credential=AKID/20150830/dynamodb/aws4_request, "
             "SignedHeaders=host, Signature=abc",
             ErrorCode::IncompleteSignatureException,
             "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for "
             "now). "},
        // The Credential must have five parts.
        Case{"AWS4-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host, Signature=abc",
             ErrorCode::IncompleteSignatureException,
             "Credential must have exactly 5 slash-delimited elements, e.g. "
             "keyid/date/region/service/term, got 'a/b/c/d'"},
        Case{"AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f, SignedHeaders=host, Signature=abc",
             ErrorCode::IncompleteSignatureException,
             "Credential must have exactly 5 slash-delimited elements, e.g. "
             "keyid/date/region/service/term, got 'a/b/c/d/e/f'"},
        Case{"AWS4-HMAC-SHA256 Credential=AKID, SignedHeaders=host, Signature=abc",
             ErrorCode::IncompleteSignatureException,
             "Credential must have exactly 5 slash-delimited elements, e.g. "
             "keyid/date/region/service/term, got 'AKID'"}));

TEST(AuthorizationParse, MissingDateJoinsTheIncompleteMessage) {
  auto result = split_authorization("AWS4-HMAC-SHA256 SignedHeaders=host", /*has_date=*/false);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::IncompleteSignatureException);
  EXPECT_EQ(result.error().message,
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'Signature' parameter. Authorization header requires existence of either a "
            "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host");

  auto dated = split_authorization(kValid, /*has_date=*/true);
  ASSERT_TRUE(dated.has_value());
  EXPECT_EQ(dated->algorithm, "AWS4-HMAC-SHA256");
  EXPECT_EQ(dated->credential, "AKID/20150830/us-east-1/dynamodb/aws4_request");
  auto undated = split_authorization(kValid, /*has_date=*/false);
  ASSERT_FALSE(undated.has_value());
  EXPECT_EQ(undated.error().message,
            std::string("Authorization header requires existence of either a 'X-Amz-Date' or a "
                        "'Date' header. Authorization=") +
                kValid);
}

TEST(AuthorizationParse, ErrorsCarryDynamoDBTypes) {
  auto missing = parse_authorization("");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().type(), "com.amazon.coral.service#MissingAuthenticationTokenException");
  auto incomplete = parse_authorization("AWS4-");
  ASSERT_FALSE(incomplete.has_value());
  EXPECT_EQ(incomplete.error().type(), "com.amazon.coral.service#IncompleteSignatureException");
  EXPECT_EQ(incomplete.error().http_status(), 400);
}

}  // namespace
}  // namespace drydock::auth
