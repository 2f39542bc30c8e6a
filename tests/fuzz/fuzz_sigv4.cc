// libFuzzer target: SigV4 on arbitrary requests. The input is a request as text:
//
//   POST /path?query          <- method, a space, the request target
//   Header-Name: value        <- one header field per line, value trimmed as an HTTP parser
//   ...                          trims it ("\r\n" or "\n")
//                             <- an empty line
//   body bytes
//
// The corpus holds requests that botocore signed for DynamoDB with AKIDEXAMPLE at
// 20150830T123600Z (tests/fuzz/make_corpus.py), which the "known key" store below accepts,
// so mutations start from requests that pass every check.
//
// Runs parse_authorization() on each Authorization field, authenticate() in DynamoDB Local's
// mode (no keys) and with a key store, the namespace file name of the credential, and the
// credentials-file parser on the body. Checked beyond "no crash":
//  - namespace_file_name() is one safe file name: not empty, no '/' or NUL, not "." or "..",
//    at most 255 bytes (its documented contract);
//  - signing is self-consistent: re-signing the request with the header's own credential and
//    putting that signature in the Authorization header makes verify() succeed, and
//    authenticate() fails, if at all, for a reason other than the signature.
// Built and run by tests/fuzz/run.sh.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/authenticate.h"
#include "auth/credentials.h"
#include "auth/namespace.h"
#include "auth/sigv4.h"
#include "tests/fuzz/invariants.h"

namespace drydock::fuzz {
namespace {

constexpr std::string_view kAccessKey = "AKIDEXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
// 20150830T123600Z, the time the corpus was signed at.
const auto kNow = std::chrono::sys_days(std::chrono::year(2015) / 8 / 30) + std::chrono::hours(12) +
                  std::chrono::minutes(36);

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits the input as described above. Views into `text`.
auth::RequestView parse_request(std::string_view text) {
  auth::RequestView request;
  auto next_line = [&text]() {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };
  const std::string_view request_line = next_line();
  const std::size_t space = request_line.find(' ');
  request.method = request_line.substr(0, space);
  const std::string_view target =
      space == std::string_view::npos ? std::string_view() : request_line.substr(space + 1);
  const std::size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string_view::npos) request.query = target.substr(question + 1);
  while (!text.empty()) {
    const std::string_view line = next_line();
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.emplace_back(line.substr(0, colon), trim_ows(line.substr(colon + 1)));
  }
  request.body = text;
  return request;
}

void check_namespace(const auth::Credential& credential) {
  for (bool shared : {false, true}) {
    const std::string name =
        auth::namespace_file_name(credential.access_key, credential.region, shared);
    require(!name.empty() && name.size() <= 255, "namespace file name length", name);
    require(name != "." && name != "..", "namespace file name is a dot entry", name);
    require(name.find('/') == std::string::npos && name.find('\0') == std::string::npos,
            "namespace file name has '/' or NUL", name);
  }
}

bool is_authorization(std::string_view name) {
  constexpr std::string_view kName = "authorization";
  if (name.size() != kName.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if ((c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) != kName[i]) return false;
  }
  return true;
}

bool signs_authorization(std::string_view signed_headers) {
  std::size_t start = 0;
  while (start <= signed_headers.size()) {
    std::size_t end = signed_headers.find(';', start);
    if (end == std::string_view::npos) end = signed_headers.size();
    if (is_authorization(signed_headers.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

// Re-signs `request` with its own credential and checks that the result verifies.
void check_self_consistent(const auth::RequestView& request) {
  const auto header = request.header("authorization");
  if (!header) return;
  auto fields = auth::split_authorization(*header, std::nullopt);
  if (!fields) return;
  auto credential = auth::make_credential(*fields);
  if (!credential) return;
  // A signature over its own Authorization header cannot be computed.
  if (signs_authorization(credential->signed_headers)) return;

  const std::string amz_date = auth::request_date(request).value_or("");
  const std::string signature = auth::sign(request, *credential, kSecret, amz_date);
  std::string resigned_header =
      std::string(fields->algorithm) + " Credential=" + std::string(fields->credential) +
      ", SignedHeaders=" + credential->signed_headers + ", Signature=" + signature;
  auth::RequestView resigned = request;
  for (auto& [name, value] : resigned.headers) {
    if (is_authorization(name)) {
      value = resigned_header;
      break;
    }
  }
  auto reparsed = auth::parse_authorization(resigned_header);
  require(reparsed.has_value(), "re-rendered Authorization header does not parse",
          reparsed ? "" : reparsed.error().message);
  require(reparsed->signature == signature && reparsed->access_key == credential->access_key &&
              reparsed->signed_headers == credential->signed_headers,
          "re-rendered Authorization header parses differently", resigned_header);
  auto verified = auth::verify(resigned, *reparsed, kSecret);
  require(verified.has_value(), "a request signed by sign() does not verify",
          verified ? "" : verified.error().message);

  auth::Credentials store;
  store.add(credential->access_key, std::string(kSecret));
  auto result = auth::authenticate(resigned, store, kNow);
  require(result.has_value() || !result.error().message.starts_with(
                                    "The request signature we calculated does not match"),
          "authenticate() rejects the signature that sign() made");
}

}  // namespace
}  // namespace drydock::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace drydock;  // NOLINT
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auth::RequestView request = fuzz::parse_request(text);

  for (const auto& [name, value] : request.headers) {
    if (fuzz::is_authorization(name)) {
      if (auto credential = auth::parse_authorization(value)) fuzz::check_namespace(*credential);
    }
  }
  static const auth::Credentials no_keys;
  static const auth::Credentials known_key = [] {
    auth::Credentials store;
    store.add(std::string(fuzz::kAccessKey), std::string(fuzz::kSecret));
    return store;
  }();
  (void)auth::authenticate(request, no_keys, fuzz::kNow);
  if (auto credential = auth::authenticate(request, known_key, fuzz::kNow)) {
    fuzz::check_namespace(*credential);
  }
  (void)auth::request_date(request);
  fuzz::check_self_consistent(request);
  (void)auth::Credentials::parse(request.body);
  return 0;
}
