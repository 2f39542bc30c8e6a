// AWS Signature Version 4 as DynamoDB checks it: parse the Authorization header, build the
// canonical request and the string to sign, sign, and verify a signature.
//
// Everything here is pure (no I/O, no clock) and works on a RequestView, so the server fills
// one from its HTTP request and tests fill one from the published SigV4 test vectors.
// The full DynamoDB check sequence (which error wins when several apply) is authenticate()
// in auth/authenticate.h; this file holds its pieces.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/error.h"

namespace drydock::auth {

using model::Result;

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";

// A request as the signer sees it. Plain views into the server's buffers: the views must
// outlive the RequestView.
struct RequestView {
  std::string_view method = {};  // as sent, e.g. "POST"
  std::string_view path = {};    // request-target path as received (still percent-encoded)
  std::string_view query = {};   // raw query string without the '?', "" when none
  // Header fields in arrival order, names in any case; a repeated field appears repeatedly.
  std::vector<std::pair<std::string_view, std::string_view>> headers = {};
  std::string_view body = {};

  // Value of the first header field named `name` (ASCII case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const;
};

// What the Authorization header says. `signed_headers` is kept as sent ("host;x-amz-date"),
// lower-case names separated by ';'.
struct Credential {
  std::string access_key;
  std::string date;  // YYYYMMDD of the credential scope
  std::string region;
  std::string service;
  std::string signed_headers;
  std::string signature;  // hex, as sent

  // "<date>/<region>/<service>/aws4_request"
  std::string scope() const;
  bool operator==(const Credential&) const = default;
};

// Parses an Authorization header value ("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/
// dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=...") and checks its syntax
// with DynamoDB's errors, in DynamoDB's order:
//   empty, or not starting with "AWS4-"   -> MissingAuthenticationTokenException
//   a part without '='                    -> IncompleteSignatureException
//   Credential/Signature/SignedHeaders missing -> IncompleteSignatureException
//   algorithm other than AWS4-HMAC-SHA256 -> IncompleteSignatureException
//   Credential without 5 '/'-separated parts -> IncompleteSignatureException
// It does not look at the request (date, Host, scope, key, signature): see authenticate().
// Allocates only the strings of the result.
Result<Credential> parse_authorization(std::string_view header_value);

// --- The steps of parse_authorization(), exposed so that authenticate() can interleave
// --- DynamoDB's request checks between them in DynamoDB's order.

// The Authorization header split into its fields; views into the header value.
struct AuthorizationFields {
  std::string_view algorithm;
  std::string_view credential;
  std::string_view signed_headers;
  std::string_view signature;
};

// Header presence, "key=value" syntax and required fields. `has_date` says whether the
// request carries X-Amz-Date or Date; pass std::nullopt to skip that requirement.
Result<AuthorizationFields> split_authorization(std::string_view header_value,
                                                std::optional<bool> has_date);
// Algorithm and the five parts of the Credential.
Result<Credential> make_credential(const AuthorizationFields& fields);

// --- Signing.

// The canonical request of `request` for the headers that `credential` says were signed.
// The path is normalised (dot segments and repeated slashes removed) and URI-encoded, the
// query is decoded, re-encoded and sorted, header values are trimmed and their inner runs of
// spaces collapsed, repeated fields joined with ','; the last line is hex(SHA256(body)).
std::string canonical_request(const RequestView& request, const Credential& credential);

// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\nhex(SHA256(canonical_request))"
std::string string_to_sign(std::string_view canonical_request, const Credential& credential,
                           std::string_view amz_date);

// Lower-case hex HMAC-SHA256 signature of `request` with `secret_key`, for the scope and signed
// headers in `credential` and the request time `amz_date` (ISO 8601 basic, 20150830T123600Z).
std::string sign(const RequestView& request, const Credential& credential,
                 std::string_view secret_key, std::string_view amz_date);

// The request time that goes into the string to sign: X-Amz-Date as sent, else the Date
// header converted from its HTTP form ("Sun, 30 Aug 2015 12:36:00 GMT") to ISO 8601 basic.
// std::nullopt when the request has neither, or its Date header cannot be read.
std::optional<std::string> request_date(const RequestView& request);

// Recomputes the signature with `secret_key` and compares it with credential.signature in
// constant time. On mismatch: InvalidSignatureException with DynamoDB's message, which goes
// on to show the canonical request and string to sign it expected.
Result<void> verify(const RequestView& request, const Credential& credential,
                    std::string_view secret_key);

// Lower-case hex of SHA256(data).
std::string sha256_hex(std::string_view data);

}  // namespace drydock::auth
