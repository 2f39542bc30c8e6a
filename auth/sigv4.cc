#include "auth/sigv4.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <stdexcept>

namespace drydock::auth {
namespace {

using model::ErrorCode;
using model::fail;

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::span<const unsigned char> bytes(std::string_view s) {
  return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

Digest sha256(std::string_view data) {
  Digest out;
  if (EVP_Digest(data.data(), data.size(), out.data(), nullptr, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(SHA256) failed");
  }
  return out;
}

Digest hmac_sha256(std::span<const unsigned char> key, std::string_view data) {
  Digest out;
  unsigned int length = 0;
  const auto in = bytes(data);
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), in.data(), in.size(), out.data(),
           &length) == nullptr ||
      length != out.size()) {
    throw std::runtime_error("HMAC(SHA256) failed");
  }
  return out;
}

void append_hex(std::string& out, std::span<const unsigned char> data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned char b : data) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
}

std::string hex(std::span<const unsigned char> data) {
  std::string out;
  out.reserve(data.size() * 2);
  append_hex(out, data);
  return out;
}

// RFC 3986 unreserved characters: never percent-encoded in a canonical request.
bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

void append_uri_encoded(std::string& out, std::string_view s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out += ch;
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 0xF];
    }
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding of a query component. '+' stays '+': SigV4 clients encode a space as
// %20, so a literal '+' on the wire was meant as '+'. A '%' not followed by two hex digits
// is kept as it is.
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// The path with "." and ".." segments resolved and empty segments (repeated slashes)
// dropped; a trailing slash survives unless nothing is left. Then URI-encoded, '/' kept.
void append_canonical_uri(std::string& out, std::string_view path) {
  if (path.empty()) {
    out += '/';
    return;
  }
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  if (path.front() == '/') out += '/';
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    append_uri_encoded(out, segments[i], /*keep_slash=*/false);
  }
  if (path.back() == '/' && !segments.empty()) out += '/';
}

// Parameters decoded, re-encoded strictly, sorted by name then value, joined with '&'.
void append_canonical_query(std::string& out, std::string_view query) {
  if (query.empty()) return;
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(start, end - start);
    start = end + 1;
    if (param.empty()) continue;
    const std::size_t eq = param.find('=');
    const std::string_view name = param.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : param.substr(eq + 1);
    std::pair<std::string, std::string> encoded;
    append_uri_encoded(encoded.first, percent_decode(name), /*keep_slash=*/false);
    append_uri_encoded(encoded.second, percent_decode(value), /*keep_slash=*/false);
    params.push_back(std::move(encoded));
  }
  std::sort(params.begin(), params.end());
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out += '&';
    out += params[i].first;
    out += '=';
    out += params[i].second;
  }
}

// One header value, trimmed, each inner run of whitespace collapsed to one space. A value
// folded over several lines (obsolete line folding) counts as one value per line.
void append_header_value(std::string& out, std::string_view value) {
  bool first_line = true;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = value.find('\n', start);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view line = trim(value.substr(start, end - start));
    start = end + 1;
    if (line.empty() && !first_line) continue;
    if (!first_line) out += ',';
    first_line = false;
    bool in_space = false;
    for (char c : line) {
      if (c == ' ' || c == '\t' || c == '\r') {
        in_space = true;
        continue;
      }
      if (in_space) out += ' ';
      in_space = false;
      out += c;
    }
  }
}

void append_canonical_headers(std::string& out, const RequestView& request,
                              std::string_view signed_headers) {
  std::size_t start = 0;
  while (start <= signed_headers.size()) {
    std::size_t end = signed_headers.find(';', start);
    if (end == std::string_view::npos) end = signed_headers.size();
    const std::string_view name = signed_headers.substr(start, end - start);
    start = end + 1;
    if (name.empty()) continue;
    for (char c : name) out += ascii_lower(c);
    out += ':';
    bool first = true;
    for (const auto& [field, value] : request.headers) {
      if (!iequals(field, name)) continue;
      if (!first) out += ',';
      first = false;
      append_header_value(out, value);
    }
    out += '\n';
  }
}

Digest signing_key(std::string_view secret_key, const Credential& credential) {
  std::string secret = "AWS4";
  secret += secret_key;
  Digest key = hmac_sha256(bytes(secret), credential.date);
  OPENSSL_cleanse(secret.data(), secret.size());
  key = hmac_sha256(key, credential.region);
  key = hmac_sha256(key, credential.service);
  return hmac_sha256(key, kTerminator);
}

std::string signature_for(std::string_view string_to_sign, const Credential& credential,
                          std::string_view secret_key) {
  const Digest key = signing_key(secret_key, credential);
  return hex(hmac_sha256(key, string_to_sign));
}

int parse_digits(std::string_view s) {
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return s.empty() ? -1 : value;
}

// "Sun, 30 Aug 2015 12:36:00 GMT" (RFC 9110 IMF-fixdate) -> "20150830T123600Z".
std::optional<std::string> http_date_to_iso_basic(std::string_view text) {
  text = trim(text);
  const std::size_t comma = text.find(", ");
  if (comma == std::string_view::npos) return std::nullopt;
  text.remove_prefix(comma + 2);
  // "30 Aug 2015 12:36:00 GMT"
  if (text.size() != 24 || text[2] != ' ' || text[6] != ' ' || text[11] != ' ' || text[14] != ':' ||
      text[17] != ':' || text[20] != ' ' || text.substr(21) != "GMT") {
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto month = std::find(kMonths.begin(), kMonths.end(), text.substr(3, 3));
  if (month == kMonths.end()) return std::nullopt;
  const int month_number = static_cast<int>(month - kMonths.begin()) + 1;
  for (std::string_view digits : {text.substr(0, 2), text.substr(7, 4), text.substr(12, 2),
                                  text.substr(15, 2), text.substr(18, 2)}) {
    if (parse_digits(digits) < 0) return std::nullopt;
  }
  std::string out;
  out.reserve(16);
  out += text.substr(7, 4);
  out += static_cast<char>('0' + month_number / 10);
  out += static_cast<char>('0' + month_number % 10);
  out += text.substr(0, 2);
  out += 'T';
  out += text.substr(12, 2);
  out += text.substr(15, 2);
  out += text.substr(18, 2);
  out += 'Z';
  return out;
}

bool is_token_separator(char c) { return c == ' ' || c == ',' || c == '\t'; }

}  // namespace

std::optional<std::string_view> RequestView::header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (iequals(field, name)) return value;
  }
  return std::nullopt;
}

std::string Credential::scope() const {
  std::string out;
  out.reserve(date.size() + region.size() + service.size() + kTerminator.size() + 3);
  out += date;
  out += '/';
  out += region;
  out += '/';
  out += service;
  out += '/';
  out += kTerminator;
  return out;
}

Result<AuthorizationFields> split_authorization(std::string_view header_value,
                                                std::optional<bool> has_date) {
  // DynamoDB answers "missing token" both when there is no header and when it does not even
  // look like SigV4 (pinned by AuthorizationParse.NotSigV4IsMissingToken).
  const std::string_view text = trim(header_value);
  if (!text.starts_with("AWS4-")) {
    return fail(ErrorCode::MissingAuthenticationTokenException,
                "Request is missing Authentication Token");
  }

  AuthorizationFields fields;
  bool has_signed_headers = false;
  bool first = true;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_token_separator(text[i])) ++i;
    if (i == text.size()) break;
    const std::size_t start = i;
    while (i < text.size() && !is_token_separator(text[i])) ++i;
    const std::string_view token = text.substr(start, i - start);
    if (first) {
      fields.algorithm = token;
      first = false;
      continue;
    }
    const std::size_t eq = token.find('=');
    if (eq == std::string_view::npos) {
      std::string message;
      message.reserve(token.size() + header_value.size() + 80);
      message += '\'';
      message += token;
      message += "' not a valid key=value pair (missing equal-sign) in Authorization header: '";
      message += header_value;
      message += "'.";
      return fail(ErrorCode::IncompleteSignatureException, std::move(message));
    }
    const std::string_view key = token.substr(0, eq);
    const std::string_view value = token.substr(eq + 1);
    if (key == "Credential") {
      fields.credential = value;
    } else if (key == "Signature") {
      fields.signature = value;
    } else if (key == "SignedHeaders") {
      fields.signed_headers = value;
      has_signed_headers = true;  // may be empty at this point; the Host check catches that
    }
  }

  std::string message;
  if (fields.credential.empty())
    message += "Authorization header requires 'Credential' parameter. ";
  if (fields.signature.empty()) message += "Authorization header requires 'Signature' parameter. ";
  if (!has_signed_headers) message += "Authorization header requires 'SignedHeaders' parameter. ";
  if (has_date.has_value() && !*has_date) {
    message +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (!message.empty()) {
    message += "Authorization=";
    message += header_value;
    return fail(ErrorCode::IncompleteSignatureException, std::move(message));
  }
  return fields;
}

Result<Credential> make_credential(const AuthorizationFields& fields) {
  if (fields.algorithm != kAlgorithm) {
    std::string message = "Unsupported AWS 'algorithm': '";
    message += fields.algorithm;
    message += "' (only AWS4-HMAC-SHA256 for now). ";
    return fail(ErrorCode::IncompleteSignatureException, std::move(message));
  }

  // keyid/date/region/service/terminator; trailing slashes do not count.
  std::string_view credential = fields.credential;
  while (!credential.empty() && credential.back() == '/') credential.remove_suffix(1);
  std::array<std::string_view, 5> parts;
  std::size_t count = 0;
  std::size_t start = 0;
  while (start <= credential.size()) {
    std::size_t end = credential.find('/', start);
    if (end == std::string_view::npos) end = credential.size();
    if (count < parts.size()) parts[count] = credential.substr(start, end - start);
    ++count;
    start = end + 1;
  }
  if (count != parts.size()) {
    std::string message =
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got '";
    message += fields.credential;
    message += '\'';
    return fail(ErrorCode::IncompleteSignatureException, std::move(message));
  }

  return Credential{
      .access_key = std::string(parts[0]),
      .date = std::string(parts[1]),
      .region = std::string(parts[2]),
      .service = std::string(parts[3]),
      .signed_headers = std::string(fields.signed_headers),
      .signature = std::string(fields.signature),
  };
}

Result<Credential> parse_authorization(std::string_view header_value) {
  auto fields = split_authorization(header_value, std::nullopt);
  if (!fields) return std::unexpected(std::move(fields.error()));
  return make_credential(*fields);
}

std::string sha256_hex(std::string_view data) { return hex(sha256(data)); }

std::string canonical_request(const RequestView& request, const Credential& credential) {
  std::string out;
  out.reserve(256 + request.path.size() + request.query.size() +
              credential.signed_headers.size() * 2);
  out += request.method;
  out += '\n';
  append_canonical_uri(out, request.path);
  out += '\n';
  append_canonical_query(out, request.query);
  out += '\n';
  append_canonical_headers(out, request, credential.signed_headers);
  out += '\n';
  out += credential.signed_headers;
  out += '\n';
  append_hex(out, sha256(request.body));
  return out;
}

std::string string_to_sign(std::string_view canonical_request, const Credential& credential,
                           std::string_view amz_date) {
  std::string out;
  out.reserve(kAlgorithm.size() + amz_date.size() + 64 + 64);
  out += kAlgorithm;
  out += '\n';
  out += amz_date;
  out += '\n';
  out += credential.scope();
  out += '\n';
  append_hex(out, sha256(canonical_request));
  return out;
}

std::string sign(const RequestView& request, const Credential& credential,
                 std::string_view secret_key, std::string_view amz_date) {
  return signature_for(string_to_sign(canonical_request(request, credential), credential, amz_date),
                       credential, secret_key);
}

std::optional<std::string> request_date(const RequestView& request) {
  if (auto amz_date = request.header("x-amz-date")) return std::string(*amz_date);
  if (auto date = request.header("date")) return http_date_to_iso_basic(*date);
  return std::nullopt;
}

Result<void> verify(const RequestView& request, const Credential& credential,
                    std::string_view secret_key) {
  const std::string amz_date = request_date(request).value_or(std::string());
  const std::string canonical = canonical_request(request, credential);
  const std::string to_sign = string_to_sign(canonical, credential, amz_date);
  const std::string expected = signature_for(to_sign, credential, secret_key);
  if (credential.signature.size() == expected.size() &&
      CRYPTO_memcmp(credential.signature.data(), expected.data(), expected.size()) == 0) {
    return model::ok();
  }
  // DynamoDB shows what it expected, so that a client author can find the difference.
  std::string message =
      "The request signature we calculated does not match the signature you provided. Check "
      "your AWS Secret Access Key and signing method. Consult the service documentation for "
      "details.\n\nThe Canonical String for this request should have been\n'";
  message += canonical;
  message += "'\n\nThe String-to-Sign should have been\n'";
  message += to_sign;
  message += "'\n";
  return fail(ErrorCode::InvalidSignatureException, std::move(message));
}

}  // namespace drydock::auth
