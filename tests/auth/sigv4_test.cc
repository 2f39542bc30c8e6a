// Pins SigV4 signing against the published AWS Signature Version 4 test suite (2015 edition:
// AKIDEXAMPLE, 20150830T123600Z, us-east-1, service "service") and against requests that
// botocore signed for DynamoDB, and pins verify()'s InvalidSignatureException message.
#include "auth/sigv4.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drydock::auth {
namespace {

using Headers = std::vector<std::pair<std::string_view, std::string_view>>;

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kSuiteDate = "20150830T123600Z";
constexpr std::string_view kEmptyHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kHost = "example.amazonaws.com";

Credential suite_credential(std::string_view signed_headers) {
  return Credential{.access_key = "AKIDEXAMPLE",
                    .date = "20150830",
                    .region = "us-east-1",
                    .service = "service",
                    .signed_headers = std::string(signed_headers),
                    .signature = {}};
}

// One vector of the suite. `canonical` is the expected canonical request (empty: not pinned
// for this vector), `sts_hash` the last line of the expected string to sign (empty: not
// pinned), `signature` the expected signature.
struct Vector {
  const char* name;
  std::string_view method;
  std::string_view path;
  std::string_view query;
  Headers headers;
  std::string_view body;
  std::string_view signed_headers;
  std::string canonical;
  std::string_view sts_hash;
  std::string_view signature;
};

void PrintTo(const Vector& v, std::ostream* os) { *os << v.name; }

std::string vanilla_canonical(std::string_view method, std::string_view uri,
                              std::string_view query) {
  std::string out;
  out += method;
  out += '\n';
  out += uri;
  out += '\n';
  out += query;
  out += "\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n";
  out += kEmptyHash;
  return out;
}

Headers vanilla_headers() { return {{"Host", kHost}, {"X-Amz-Date", kSuiteDate}}; }

std::vector<Vector> suite() {
  constexpr std::string_view kToken =
      "AQoDYXdzEPT//////////"
      "wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPf"
      "IeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7"
      "WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm"
      "8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
  const std::string kUnreserved =
      "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  static const std::string unreserved_path = "/" + kUnreserved;
  static const std::string unreserved_query = kUnreserved + "=" + kUnreserved;

  return {
      {"get-vanilla", "GET", "/", "", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", "/", ""),
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-empty-query-key", "GET", "/", "Param1=value1", vanilla_headers(), "",
       "host;x-amz-date", vanilla_canonical("GET", "/", "Param1=value1"),
       "1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab",
       "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"},
      {"get-vanilla-query-order-key", "GET", "/", "Param1=value2&Param1=Value1", vanilla_headers(),
       "", "host;x-amz-date", vanilla_canonical("GET", "/", "Param1=Value1&Param1=value2"),
       "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89",
       "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"},
      {"get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1",
       vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", "/", "Param1=value1&Param2=value2"),
       "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
       "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-vanilla-query-order-value", "GET", "/", "Param1=value2&Param1=value1",
       vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", "/", "Param1=value1&Param1=value2"),
       "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606",
       "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"},
      {"get-vanilla-query-unreserved", "GET", "/", unreserved_query, vanilla_headers(), "",
       "host;x-amz-date", vanilla_canonical("GET", "/", unreserved_query),
       "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
       "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"},
      {"get-vanilla-utf8-query", "GET", "/", "\xE1\x88\xB4=bar", vanilla_headers(), "",
       "host;x-amz-date", vanilla_canonical("GET", "/", "%E1%88%B4=bar"), "",
       "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get-unreserved", "GET", unreserved_path, "", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", unreserved_path, ""),
       "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
       "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      {"get-utf8", "GET", "/\xE1\x88\xB4", "", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", "/%E1%88%B4", ""), "",
       "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
      {"get-space", "GET", "/example space/", "", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", "/example%20space/", ""),
       "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
       "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
      {"get-relative", "GET", "/example/..", "", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", "/", ""),
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-relative-relative", "GET", "/example1/example2/../..", "", vanilla_headers(), "",
       "host;x-amz-date", vanilla_canonical("GET", "/", ""),
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-slash", "GET", "//", "", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", "/", ""),
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-slash-dot-slash", "GET", "/./", "", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", "/", ""),
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-slash-pointless-dot", "GET", "/./example", "", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", "/example", ""),
       "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702",
       "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"},
      {"get-slashes", "GET", "//example//", "", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("GET", "/example/", ""),
       "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015",
       "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"},
      {"get-header-key-duplicate",
       "GET",
       "/",
       "",
       {{"Host", kHost},
        {"My-Header1", "value2"},
        {"My-Header1", "value2"},
        {"My-Header1", "value1"},
        {"X-Amz-Date", kSuiteDate}},
       "",
       "host;my-header1;x-amz-date",
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" +
           std::string(kEmptyHash),
       "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
       "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
      {"get-header-value-order",
       "GET",
       "/",
       "",
       {{"Host", kHost},
        {"My-Header1", "value4"},
        {"My-Header1", "value1"},
        {"My-Header1", "value3"},
        {"My-Header1", "value2"},
        {"X-Amz-Date", kSuiteDate}},
       "",
       "host;my-header1;x-amz-date",
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" +
           std::string(kEmptyHash),
       "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86",
       "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"},
      {"get-header-value-trim",
       "GET",
       "/",
       "",
       {{"Host", kHost},
        {"My-Header1", " value1"},
        {"My-Header2", " \"a   b   c\""},
        {"X-Amz-Date", kSuiteDate}},
       "",
       "host;my-header1;my-header2;x-amz-date",
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" +
           std::string(kEmptyHash),
       "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
       "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"get-header-value-multiline",
       "GET",
       "/",
       "",
       {{"Host", kHost},
        {"My-Header1", "value1\n  value2\n     value3"},
        {"X-Amz-Date", kSuiteDate}},
       "",
       "host;my-header1;x-amz-date",
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1,value2,value3\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" +
           std::string(kEmptyHash),
       "b7b6cbfd8a0430b78891e986784da2630c8a135a8595cec25b26ea94f926ee55",
       "ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790"},
      {"post-vanilla", "POST", "/", "", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("POST", "/", ""),
       "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
       "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
      {"post-vanilla-query", "POST", "/", "Param1=value1", vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("POST", "/", "Param1=value1"),
       "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
       "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
      {"post-vanilla-query-nonunreserved", "POST", "/", "@#$%^&+=/,?><`\";:\\|][{}",
       vanilla_headers(), "", "host;x-amz-date",
       vanilla_canonical("POST", "/",
                         "%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D&%40%23%24%25%5E="),
       "", "66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"},
      {"post-header-key-case",
       "POST",
       "/",
       "",
       {{"HOST", kHost}, {"x-AMZ-date", kSuiteDate}},
       "",
       "host;x-amz-date",
       vanilla_canonical("POST", "/", ""),
       "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
       "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
      {"post-header-key-sort",
       "POST",
       "/",
       "",
       {{"Host", kHost}, {"My-Header1", "value1"}, {"X-Amz-Date", kSuiteDate}},
       "",
       "host;my-header1;x-amz-date",
       "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" +
           std::string(kEmptyHash),
       "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
       "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"},
      {"post-header-value-case",
       "POST",
       "/",
       "",
       {{"Host", kHost}, {"My-Header1", "VALUE1"}, {"X-Amz-Date", kSuiteDate}},
       "",
       "host;my-header1;x-amz-date",
       "POST\n/\n\nhost:example.amazonaws.com\nmy-header1:VALUE1\n"
       "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" +
           std::string(kEmptyHash),
       "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93",
       "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"},
      {"post-sts-header-before",
       "POST",
       "/",
       "",
       {{"Host", kHost}, {"X-Amz-Date", kSuiteDate}, {"X-Amz-Security-Token", kToken}},
       "",
       "host;x-amz-date;x-amz-security-token",
       "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n"
       "x-amz-security-token:" +
           std::string(kToken) + "\n\nhost;x-amz-date;x-amz-security-token\n" +
           std::string(kEmptyHash),
       "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6",
       "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"},
      {"post-sts-header-after",
       "POST",
       "/",
       "",
       {{"Host", kHost}, {"X-Amz-Date", kSuiteDate}, {"X-Amz-Security-Token", kToken}},
       "",
       "host;x-amz-date",
       vanilla_canonical("POST", "/", ""),
       "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
       "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
      {"post-x-www-form-urlencoded",
       "POST",
       "/",
       "",
       {{"Content-Type", "application/x-www-form-urlencoded"},
        {"Host", kHost},
        {"X-Amz-Date", kSuiteDate},
        {"Content-Length", "13"}},
       "Param1=value1",
       "content-type;host;x-amz-date",
       "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
       "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
       "",
       "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
      {"post-x-www-form-urlencoded-parameters",
       "POST",
       "/",
       "",
       {{"Content-Type", "application/x-www-form-urlencoded; charset=utf8"},
        {"Host", kHost},
        {"X-Amz-Date", kSuiteDate},
        {"Content-Length", "13"}},
       "Param1=value1",
       "content-type;host;x-amz-date",
       "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf8\n"
       "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "content-type;host;x-amz-date\n"
       "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
       "",
       "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"},
  };
}

RequestView view_of(const Vector& v) {
  return RequestView{
      .method = v.method, .path = v.path, .query = v.query, .headers = v.headers, .body = v.body};
}

std::string suite_string_to_sign(std::string_view hash) {
  return "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
         std::string(hash);
}

class SigV4Suite : public ::testing::TestWithParam<Vector> {};

TEST_P(SigV4Suite, SignsAndVerifies) {
  const Vector& v = GetParam();
  const RequestView request = view_of(v);
  Credential credential = suite_credential(v.signed_headers);

  const std::string canonical = canonical_request(request, credential);
  if (!v.canonical.empty()) {
    EXPECT_EQ(canonical, v.canonical);
  }
  const std::string to_sign = string_to_sign(canonical, credential, kSuiteDate);
  if (!v.sts_hash.empty()) {
    EXPECT_EQ(to_sign, suite_string_to_sign(v.sts_hash));
  }
  EXPECT_EQ(sign(request, credential, kSecret, kSuiteDate), v.signature);

  // The Authorization header a client would send parses back to the same credential and
  // verifies; one changed signature digit does not.
  const std::string authorization =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
      "SignedHeaders=" +
      std::string(v.signed_headers) + ", Signature=" + std::string(v.signature);
  auto parsed = parse_authorization(authorization);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  credential.signature = std::string(v.signature);
  EXPECT_EQ(*parsed, credential);
  EXPECT_TRUE(verify(request, *parsed, kSecret).has_value());
  parsed->signature[10] = parsed->signature[10] == '0' ? '1' : '0';
  EXPECT_FALSE(verify(request, *parsed, kSecret).has_value());
}

INSTANTIATE_TEST_SUITE_P(Vectors, SigV4Suite, ::testing::ValuesIn(suite()),
                         [](const ::testing::TestParamInfo<Vector>& info) {
                           std::string name = info.param.name;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(SigV4SuiteSize, ThirtyVectors) { EXPECT_EQ(suite().size(), 30u); }

// The 2011 edition of the suite signs with the HTTP Date header instead of X-Amz-Date.
TEST(SigV4Suite2011, DateHeaderVector) {
  const Headers headers = {{"Date", "Mon, 09 Sep 2011 23:36:00 GMT"}, {"Host", "host.foo.com"}};
  const RequestView request{
      .method = "GET", .path = "/", .query = "", .headers = headers, .body = ""};
  Credential credential{
      .access_key = "AKIDEXAMPLE",
      .date = "20110909",
      .region = "us-east-1",
      .service = "host",
      .signed_headers = "date;host",
      .signature = "b27ccfbfa7df52a200ff74193ca6e32d4b48b8856fab7ebf1c595d0670a7e470"};
  EXPECT_EQ(request_date(request), "20110909T233600Z");
  const std::string canonical = canonical_request(request, credential);
  EXPECT_EQ(canonical,
            "GET\n/\n\ndate:Mon, 09 Sep 2011 23:36:00 GMT\nhost:host.foo.com\n\ndate;host\n" +
                std::string(kEmptyHash));
  EXPECT_EQ(string_to_sign(canonical, credential, "20110909T233600Z"),
            "AWS4-HMAC-SHA256\n20110909T233600Z\n20110909/us-east-1/host/aws4_request\n"
            "366b91fb121d72a00f46bbe8d395f53a102b06dfb7e79636515208ed3fa606b1");
  EXPECT_EQ(sign(request, credential, kSecret, "20110909T233600Z"), credential.signature);
  EXPECT_TRUE(verify(request, credential, kSecret).has_value());
}

TEST(RequestDate, XAmzDateWinsOverDate) {
  const Headers headers = {{"Date", "Mon, 09 Sep 2011 23:36:00 GMT"},
                           {"x-amz-date", "20150830T123600Z"}};
  const RequestView request{
      .method = "GET", .path = "/", .query = "", .headers = headers, .body = ""};
  EXPECT_EQ(request_date(request), "20150830T123600Z");
}

TEST(RequestDate, UnreadableOrMissing) {
  const Headers bad = {{"Date", "yesterday"}};
  EXPECT_EQ(request_date(RequestView{.headers = bad}), std::nullopt);
  const Headers bad_month = {{"Date", "Mon, 09 Sec 2011 23:36:00 GMT"}};
  EXPECT_EQ(request_date(RequestView{.headers = bad_month}), std::nullopt);
  EXPECT_EQ(request_date(RequestView{}), std::nullopt);
}

// Requests as boto3 1.29 (botocore SigV4Auth) sent them to a DynamoDB endpoint at
// http://localhost:8000, signed with AKIDEXAMPLE / the suite secret at 20150830T123600Z in
// us-west-2; the Authorization values are botocore's output, byte for byte.
struct BotocoreRequest {
  const char* target;
  std::string_view body;
  std::string_view authorization;
};

TEST(SigV4Botocore, DynamoDBRequestsVerify) {
  const BotocoreRequest requests[] = {
      {"DynamoDB_20120810.PutItem",
       R"({"TableName": "Music", "Item": {"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}, "Year": {"N": "2015"}}})",
       "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/dynamodb/aws4_request, "
       "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
       "Signature=cdb2708e6318a6d757d5903b13be94d1d5bc0045b42a4b4c8adb992811b80f58"},
      {"DynamoDB_20120810.ListTables", "{}",
       "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-west-2/dynamodb/aws4_request, "
       "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
       "Signature=93cf0a5d86959cd56a3010c1f5ba30f82ad21a7bb793952ab13ff8059baa962c"},
  };
  for (const BotocoreRequest& r : requests) {
    SCOPED_TRACE(r.target);
    const std::string length = std::to_string(r.body.size());
    const Headers headers = {
        {"Host", "localhost:8000"},
        {"Accept-Encoding", "identity"},
        {"X-Amz-Target", r.target},
        {"Content-Type", "application/x-amz-json-1.0"},
        {"User-Agent", "Botocore/1.29.27 Python/3.11.2 Linux/6.18.44-fc-v669"},
        {"X-Amz-Date", kSuiteDate},
        {"Authorization", r.authorization},
        {"amz-sdk-invocation-id", "828e757f-b98e-415b-b37e-182edb943ad6"},
        {"amz-sdk-request", "attempt=1"},
        {"Content-Length", length},
    };
    const RequestView request{
        .method = "POST", .path = "/", .query = "", .headers = headers, .body = r.body};
    auto credential = parse_authorization(r.authorization);
    ASSERT_TRUE(credential.has_value()) << credential.error().message;
    EXPECT_EQ(credential->access_key, "AKIDEXAMPLE");
    EXPECT_EQ(credential->region, "us-west-2");
    EXPECT_EQ(credential->service, "dynamodb");
    EXPECT_EQ(credential->scope(), "20150830/us-west-2/dynamodb/aws4_request");

    EXPECT_EQ(canonical_request(request, *credential),
              "POST\n/\n\ncontent-type:application/x-amz-json-1.0\nhost:localhost:8000\n"
              "x-amz-date:20150830T123600Z\nx-amz-target:" +
                  std::string(r.target) + "\n\ncontent-type;host;x-amz-date;x-amz-target\n" +
                  sha256_hex(r.body));
    EXPECT_EQ(sign(request, *credential, kSecret, kSuiteDate), credential->signature);
    EXPECT_TRUE(verify(request, *credential, kSecret).has_value());

    // A body changed in transit, or the wrong secret, no longer verifies.
    RequestView tampered = request;
    const std::string other_body = std::string(r.body) + " ";
    tampered.body = other_body;
    EXPECT_FALSE(verify(tampered, *credential, kSecret).has_value());
    EXPECT_FALSE(
        verify(request, *credential, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ").has_value());
  }
}

TEST(SigV4Verify, MismatchMessageShowsWhatWasExpected) {
  const Headers headers = vanilla_headers();
  const RequestView request{
      .method = "GET", .path = "/", .query = "", .headers = headers, .body = ""};
  Credential credential = suite_credential("host;x-amz-date");
  credential.signature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf30";
  auto result = verify(request, credential, kSecret);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, model::ErrorCode::InvalidSignatureException);
  EXPECT_EQ(result.error().type(), "com.amazon.coral.service#InvalidSignatureException");
  EXPECT_EQ(result.error().message,
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.\n\nThe Canonical String for this request should have "
            "been\n'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n" +
                std::string(kEmptyHash) +
                "'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20150830T123600Z\n"
                "20150830/us-east-1/service/aws4_request\n"
                "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63'\n");
}

TEST(SigV4Verify, SignatureOfOtherLengthOrCaseDoesNotMatch) {
  const Headers headers = vanilla_headers();
  const RequestView request{
      .method = "GET", .path = "/", .query = "", .headers = headers, .body = ""};
  Credential credential = suite_credential("host;x-amz-date");
  credential.signature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  ASSERT_TRUE(verify(request, credential, kSecret).has_value());
  credential.signature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf3";
  EXPECT_FALSE(verify(request, credential, kSecret).has_value());
  credential.signature = "5FA00FA31553B73EBF1942676E86291E8372FF2A2260956D9B8AAE1D763FBF31";
  EXPECT_FALSE(verify(request, credential, kSecret).has_value());
  credential.signature.clear();
  EXPECT_FALSE(verify(request, credential, kSecret).has_value());
}

TEST(SigV4Canonical, WireEncodedPathIsEncodedAgain) {
  // Non-S3 clients URI-encode an already encoded path a second time.
  const Headers headers = vanilla_headers();
  const RequestView request{
      .method = "GET", .path = "/a%20b/", .query = "", .headers = headers, .body = ""};
  EXPECT_EQ(canonical_request(request, suite_credential("host;x-amz-date")),
            vanilla_canonical("GET", "/a%2520b/", ""));
}

TEST(SigV4Canonical, QueryEdgeCases) {
  const Headers headers = vanilla_headers();
  auto canonical_query_of = [&](std::string_view query) {
    const RequestView request{
        .method = "GET", .path = "/", .query = query, .headers = headers, .body = ""};
    const std::string canonical = canonical_request(request, suite_credential("host;x-amz-date"));
    const std::size_t first = canonical.find('\n');
    const std::size_t second = canonical.find('\n', first + 1);
    const std::size_t third = canonical.find('\n', second + 1);
    return canonical.substr(second + 1, third - second - 1);
  };
  EXPECT_EQ(canonical_query_of("b&a="), "a=&b=");               // no '=' means an empty value
  EXPECT_EQ(canonical_query_of("&&x=1&&"), "x=1");              // empty parameters vanish
  EXPECT_EQ(canonical_query_of("k=a%2fb%2Fc"), "k=a%2Fb%2Fc");  // escapes normalised
  EXPECT_EQ(canonical_query_of("k=a+b"), "k=a%2Bb");            // '+' is a plus sign
  EXPECT_EQ(canonical_query_of("k=%zz%4"), "k=%25zz%254");      // broken escapes kept as text
  EXPECT_EQ(canonical_query_of("k=a=b"), "k=a%3Db");            // split at the first '='
}

TEST(SigV4Canonical, MissingSignedHeaderHasEmptyValue) {
  const Headers headers = vanilla_headers();
  const RequestView request{
      .method = "POST", .path = "", .query = "", .headers = headers, .body = "x"};
  EXPECT_EQ(canonical_request(request, suite_credential("host;x-amz-date;x-amz-target")),
            "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-target:\n\n"
            "host;x-amz-date;x-amz-target\n" +
                sha256_hex("x"));
}

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256_hex(""), kEmptyHash);
  EXPECT_EQ(sha256_hex("Param1=value1"),
            "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
}

}  // namespace
}  // namespace drydock::auth
