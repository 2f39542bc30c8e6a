// Pins authenticate(): DynamoDB's authentication errors and the order in which it reports
// them when a request has several faults, plus DynamoDB Local's parse-only mode when no
// credentials are configured.
#include "auth/authenticate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace drydock::auth {
namespace {

using model::ErrorCode;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::system_clock;

constexpr std::string_view kKey = "AKIDEXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kBody = R"({"TableName":"Music"})";

// 2015-08-30T12:36:00Z
system_clock::time_point signing_time() {
  using namespace std::chrono;
  return sys_days(year(2015) / August / 30) + hours(12) + minutes(36);
}

Credentials store() {
  Credentials credentials;
  credentials.add(std::string(kKey), std::string(kSecret));
  return credentials;
}

// A DynamoDB request the way an SDK signs it. Tests change the parts they need, then call
// finish() to set the Authorization header (signed for real unless a signature is forced).
struct Request {
  std::string amz_date = "20150830T123600Z";
  std::string credential = "AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request";
  std::string signed_headers = "content-type;host;x-amz-date;x-amz-target";
  std::string algorithm = "AWS4-HMAC-SHA256";
  std::string secret = std::string(kSecret);
  std::optional<std::string> forced_signature;
  std::optional<std::string> authorization;  // replaces the whole header when set
  std::optional<std::string> date_header;
  bool send_amz_date = true;

  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::pair<std::string_view, std::string_view>> views;

  RequestView finish() {
    fields = {{"Host", "localhost:8000"},
              {"Content-Type", "application/x-amz-json-1.0"},
              {"X-Amz-Target", "DynamoDB_20120810.ListTables"}};
    if (send_amz_date) fields.emplace_back("X-Amz-Date", amz_date);
    if (date_header) fields.emplace_back("Date", *date_header);
    RequestView view = make_view();
    std::string header;
    if (authorization) {
      header = *authorization;
    } else {
      std::string signature;
      if (forced_signature) {
        signature = *forced_signature;
      } else {
        auto parsed = parse_authorization(algorithm_free_header("AWS4-HMAC-SHA256", "x"));
        EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
        signature = sign(view, *parsed, secret, request_date(view).value_or(amz_date));
      }
      header = algorithm_free_header(algorithm, signature);
    }
    fields.emplace_back("Authorization", header);
    return make_view();
  }

 private:
  std::string algorithm_free_header(std::string_view alg, std::string_view signature) const {
    return std::string(alg) + " Credential=" + credential + ", SignedHeaders=" + signed_headers +
           ", Signature=" + std::string(signature);
  }
  RequestView make_view() {
    views.assign(fields.begin(), fields.end());
    return RequestView{.method = "POST", .path = "/", .query = "", .headers = views, .body = kBody};
  }
};

void expect_error(const model::Result<Credential>& result, ErrorCode code,
                  std::string_view message) {
  ASSERT_FALSE(result.has_value()) << "accepted";
  EXPECT_EQ(result.error().code, code);
  EXPECT_EQ(result.error().message, message);
}

// --- Strict mode: a credentials store with entries.

TEST(AuthenticateStrict, AcceptsACorrectlySignedRequest) {
  Request r;
  auto credential = authenticate(r.finish(), store(), signing_time());
  ASSERT_TRUE(credential.has_value()) << credential.error().message;
  EXPECT_EQ(credential->access_key, "AKIDEXAMPLE");
  EXPECT_EQ(credential->region, "us-east-1");
}

TEST(AuthenticateStrict, AcceptsTheHttpDateHeader) {
  Request r;
  r.send_amz_date = false;
  r.date_header = "Sun, 30 Aug 2015 12:36:00 GMT";
  r.signed_headers = "content-type;date;host;x-amz-target";
  auto credential = authenticate(r.finish(), store(), signing_time());
  ASSERT_TRUE(credential.has_value()) << credential.error().message;
}

TEST(AuthenticateStrict, AcceptsClockSkewUpToFifteenMinutes) {
  Request r;
  const RequestView view = r.finish();
  EXPECT_TRUE(authenticate(view, store(), signing_time() + minutes(15)).has_value());
  EXPECT_TRUE(authenticate(view, store(), signing_time() - minutes(15)).has_value());
}

TEST(AuthenticateStrict, MissingHeader) {
  Request r;
  RequestView view = r.finish();
  view.headers.pop_back();  // drop Authorization
  expect_error(authenticate(view, store(), signing_time()),
               ErrorCode::MissingAuthenticationTokenException,
               "Request is missing Authentication Token");
}

TEST(AuthenticateStrict, MissingDateHeader) {
  Request r;
  r.send_amz_date = false;
  r.forced_signature = "abc";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::IncompleteSignatureException,
               "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
               "header. Authorization=AWS4-HMAC-SHA256 "
               "Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, "
               "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc");
}

TEST(AuthenticateStrict, MalformedDate) {
  Request r;
  r.amz_date = "201";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::IncompleteSignatureException,
               "Date must be in ISO-8601 'basic format'. Got '201'. See "
               "http://en.wikipedia.org/wiki/ISO_8601");
}

TEST(AuthenticateStrict, ExpiredAndFutureSignatures) {
  Request r;
  const RequestView view = r.finish();
  expect_error(authenticate(view, store(), signing_time() + minutes(15) + seconds(1)),
               ErrorCode::InvalidSignatureException,
               "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z "
               "(20150830T125101Z - 15 min.)");
  expect_error(authenticate(view, store(), signing_time() - minutes(20)),
               ErrorCode::InvalidSignatureException,
               "Signature not yet current: 20150830T123600Z is still later than "
               "20150830T123100Z (20150830T121600Z + 15 min.)");
}

TEST(AuthenticateStrict, HostMustBeSigned) {
  Request r;
  r.signed_headers = "content-type;x-amz-date;x-amz-target";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::InvalidSignatureException,
               "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  Request empty;
  empty.signed_headers = "";
  expect_error(authenticate(empty.finish(), store(), signing_time()),
               ErrorCode::InvalidSignatureException,
               "'Host' must be a 'SignedHeader' in the AWS Authorization.");
}

TEST(AuthenticateStrict, ScopeFaultsAreListedTogether) {
  Request r;
  r.credential = "AKIDEXAMPLE/20150829//s3/aws4_requests";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::InvalidSignatureException,
               "Credential should be scoped to a valid region, not ''. Credential should be "
               "scoped to correct service: 'dynamodb'. Credential should be scoped with a valid "
               "terminator: 'aws4_request', not 'aws4_requests'. Date in Credential scope does "
               "not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != "
               "'20150830', from '20150830T123600Z'.");
  Request service_only;
  service_only.credential = "AKIDEXAMPLE/20150830/us-east-1/dynamodbstreams/aws4_request";
  expect_error(authenticate(service_only.finish(), store(), signing_time()),
               ErrorCode::InvalidSignatureException,
               "Credential should be scoped to correct service: 'dynamodb'.");
}

TEST(AuthenticateStrict, AnyRegionIsValid) {
  Request r;
  r.credential = "AKIDEXAMPLE/20150830/local/dynamodb/aws4_request";
  auto credential = authenticate(r.finish(), store(), signing_time());
  ASSERT_TRUE(credential.has_value()) << credential.error().message;
  EXPECT_EQ(credential->region, "local");
}

TEST(AuthenticateStrict, UnknownAccessKey) {
  Request r;
  r.credential = "AKIDOTHER/20150830/us-east-1/dynamodb/aws4_request";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::UnrecognizedClientException,
               "The security token included in the request is invalid.");
}

TEST(AuthenticateStrict, WrongSecret) {
  Request r;
  r.secret = "not-the-secret";
  auto result = authenticate(r.finish(), store(), signing_time());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::InvalidSignatureException);
  EXPECT_TRUE(result.error().message.starts_with(
      "The request signature we calculated does not match the signature you provided. Check "
      "your AWS Secret Access Key and signing method. Consult the service documentation for "
      "details.\n\nThe Canonical String for this request should have been\n'POST\n/\n\n"
      "content-type:application/x-amz-json-1.0\nhost:localhost:8000\n"))
      << result.error().message;
}

TEST(AuthenticateStrict, SignatureCoversTheBody) {
  Request r;
  RequestView view = r.finish();
  view.body = R"({"TableName":"Musik"})";
  auto result = authenticate(view, store(), signing_time());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::InvalidSignatureException);
}

// When a request has several faults, the first in DynamoDB's order is the one reported.
TEST(AuthenticateStrict, OrderSyntaxBeforeDate) {
  Request r;
  r.amz_date = "bad";
  r.authorization = "AWS4-HMAC-SHA256 Credential";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::IncompleteSignatureException,
               "'Credential' not a valid key=value pair (missing equal-sign) in Authorization "
               "header: 'AWS4-HMAC-SHA256 Credential'.");
}

TEST(AuthenticateStrict, OrderDateBeforeHostBeforeAlgorithm) {
  Request r;
  r.amz_date = "bad";
  r.algorithm = "AWS4-HMAC-SHA1";
  r.signed_headers = "x-amz-date";
  r.forced_signature = "abc";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::IncompleteSignatureException,
               "Date must be in ISO-8601 'basic format'. Got 'bad'. See "
               "http://en.wikipedia.org/wiki/ISO_8601");
  r.amz_date = "20150830T123600Z";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::InvalidSignatureException,
               "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  r.signed_headers = "host;x-amz-date";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::IncompleteSignatureException,
               "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1' (only AWS4-HMAC-SHA256 for now). ");
}

TEST(AuthenticateStrict, OrderExpiryBeforeHost) {
  Request r;
  r.signed_headers = "x-amz-date";
  expect_error(authenticate(r.finish(), store(), signing_time() + minutes(60)),
               ErrorCode::InvalidSignatureException,
               "Signature expired: 20150830T123600Z is now earlier than 20150830T132100Z "
               "(20150830T133600Z - 15 min.)");
}

TEST(AuthenticateStrict, OrderScopeBeforeKeyBeforeSignature) {
  Request r;
  r.credential = "AKIDOTHER/20150830/us-east-1/s3/aws4_request";
  r.forced_signature = "abc";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::InvalidSignatureException,
               "Credential should be scoped to correct service: 'dynamodb'.");
  r.credential = "AKIDOTHER/20150830/us-east-1/dynamodb/aws4_request";
  expect_error(authenticate(r.finish(), store(), signing_time()),
               ErrorCode::UnrecognizedClientException,
               "The security token included in the request is invalid.");
}

TEST(CheckRequestTime, RejectsWhatIsNotBasicFormat) {
  for (const char* bad :
       {"", "2015-08-30T12:36:00Z", "20150830T123600", "20150830 123600Z", "20151330T123600Z",
        "20150231T123600Z", "20150830T243600Z", "20150830T126000Z", "2015083OT123600Z"}) {
    SCOPED_TRACE(bad);
    auto result = check_request_time(bad, signing_time());
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::IncompleteSignatureException);
  }
  EXPECT_TRUE(check_request_time("20150830T123600Z", signing_time()).has_value());
  EXPECT_TRUE(check_request_time("20150830T124959Z", signing_time()).has_value());
}

// --- Parse-only mode: an empty store, as DynamoDB Local.

TEST(AuthenticateParseOnly, AcceptsAnySignatureAndKey) {
  Request r;
  r.credential = "anykey/20260101/eu-west-3/dynamodb/aws4_request";
  r.forced_signature = "abc";
  auto credential = authenticate(r.finish(), Credentials(), signing_time());
  ASSERT_TRUE(credential.has_value()) << credential.error().message;
  EXPECT_EQ(credential->access_key, "anykey");
  EXPECT_EQ(credential->region, "eu-west-3");
}

TEST(AuthenticateParseOnly, SkipsRequestChecks) {
  // No date header, Host unsigned, another service, a time far away: all accepted.
  Request r;
  r.send_amz_date = false;
  r.signed_headers = "x-amz-target";
  r.credential = "AKID/20260101/us-east-1/s3/aws4_request";
  r.forced_signature = "abc";
  EXPECT_TRUE(authenticate(r.finish(), Credentials(), signing_time() + minutes(600)).has_value());
}

TEST(AuthenticateParseOnly, StillChecksHeaderSyntax) {
  Request none;
  RequestView view = none.finish();
  view.headers.pop_back();
  expect_error(authenticate(view, Credentials()), ErrorCode::MissingAuthenticationTokenException,
               "Request is missing Authentication Token");

  Request incomplete;
  incomplete.authorization =
      "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/dynamodb/aws4_request";
  expect_error(authenticate(incomplete.finish(), Credentials()),
               ErrorCode::IncompleteSignatureException,
               "Authorization header requires 'Signature' parameter. Authorization header "
               "requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 "
               "Credential=AKID/20150830/us-east-1/dynamodb/aws4_request");

  Request short_credential;
  short_credential.credential = "AKID/20150830/us-east-1/dynamodb";
  short_credential.forced_signature = "abc";
  expect_error(authenticate(short_credential.finish(), Credentials()),
               ErrorCode::IncompleteSignatureException,
               "Credential must have exactly 5 slash-delimited elements, e.g. "
               "keyid/date/region/service/term, got 'AKID/20150830/us-east-1/dynamodb'");
}

TEST(AuthenticateParseOnly, EmptyAccessKeyIsUnrecognized) {
  Request r;
  r.credential = "/20150830/us-east-1/dynamodb/aws4_request";
  r.forced_signature = "abc";
  expect_error(authenticate(r.finish(), Credentials()), ErrorCode::UnrecognizedClientException,
               "The security token included in the request is invalid.");
}

}  // namespace
}  // namespace drydock::auth
