#include "server/handler.h"

#include <array>
#include <random>

#include "auth/authenticate.h"
#include "auth/namespace.h"
#include "server/action.h"
#include "server/admin.h"
#include "server/json.h"

namespace drydock::server {
namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
constexpr std::string_view kAdminPrefix = "DrydockAdmin.";

// CRC-32 (IEEE, reflected) tables for slicing-by-8: table[k][b] is the CRC of byte b
// followed by k zero bytes, so eight input bytes fold in with eight lookups.
using CrcTables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr CrcTables make_crc_tables() {
  CrcTables t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[0][i] = c;
  }
  for (std::uint32_t i = 0; i < 256; ++i) {
    for (std::size_t k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
  }
  return t;
}

constexpr CrcTables kCrcTables = make_crc_tables();

// DynamoDB's request ids: 52 characters of [A-Z0-9].
std::string request_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string id(52, 'A');
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i % 10 == 0) bits = rng();
    id[i] = kChars[bits % 36];
    bits /= 36;
  }
  return id;
}

bool origin_allowed(std::string_view allowed, std::string_view origin) {
  if (allowed == "*") return true;
  while (!allowed.empty()) {
    auto comma = allowed.find(',');
    auto entry = allowed.substr(0, comma);
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    if (entry == origin) return true;
    if (comma == std::string_view::npos) break;
    allowed.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::uint32_t crc32(std::string_view data) {
  const auto& t = kCrcTables;
  std::uint32_t c = 0xFFFFFFFFu;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t n = data.size();
  for (; n >= 8; p += 8, n -= 8) {
    // Little-endian loads, byte by byte so that alignment and host order do not matter.
    std::uint32_t lo = c ^ (std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 |
                            std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24);
    c = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^
        t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
  }
  for (; n > 0; ++p, --n) c = t[0][(c ^ *p) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

HttpResponse error_response(const model::Error& error) {
  HttpResponse response;
  response.status = error.http_status();
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("__type");
  write_string(w, error.type());
  if (!error.message.empty()) {
    // Coral's deserializer writes "Message"; DynamoDB's own errors write "message".
    w.Key(error.code == model::ErrorCode::SerializationException ? "Message" : "message");
    write_string(w, error.message);
  }
  if (error.item) {
    w.Key("Item");
    write_map(w, *error.item);
  }
  w.EndObject();
  response.body.assign(buffer.GetString(), buffer.GetSize());
  return response;
}

HttpResponse Handler::handle(const auth::RequestView& request, std::string& body) {
  HttpResponse response;
  try {
    if (request.method == "POST") {
      response = handle_post(request, body);
    } else if (request.method == "OPTIONS" && !settings_.cors.empty()) {
      response.status = 200;
      response.content_type = "text/plain";
    } else if (request.method == "GET" || request.method == "HEAD") {
      // DynamoDB answers GET / with a plain-text health line.
      response.status = 200;
      response.content_type = "text/plain";
      response.body = "healthy: dynamodb.us-east-1.amazonaws.com ";
    } else {
      response = error_response({model::ErrorCode::UnknownOperationException, ""});
    }
  } catch (const std::exception& e) {
    // A bug, not an expected failure: reported as DynamoDB reports internal errors.
    response = error_response(model::Error::internal(
        "The request processing has failed because of an unknown error, exception or failure."));
  }
  finish(response, request);
  return response;
}

HttpResponse Handler::handle_post(const auth::RequestView& request, std::string& body) {
  std::string_view target = request.header("x-amz-target").value_or("");
  if (target.starts_with(kAdminPrefix)) return handle_admin(request, body, target);
  const ActionRow* action = nullptr;
  if (target.starts_with(kTargetPrefix)) action = find_action(target.substr(kTargetPrefix.size()));
  // DynamoDB checks the operation before the signature (dynalite's recorded order).
  if (!action) return error_response({model::ErrorCode::UnknownOperationException, ""});
  auto credential = auth::authenticate(request, settings_.credentials);
  if (!credential) return error_response(credential.error());

  rapidjson::Document doc;
  if (!parse_body(body, doc)) {
    // DynamoDB's answer to a body that is not a JSON object carries no message.
    return error_response({model::ErrorCode::SerializationException, ""});
  }

  std::string ns = auth::namespace_file_name(credential->access_key, credential->region,
                                             settings_.shared_db);
  auto db = engine_.database(ns);
  if (!db) return error_response(db.error());

  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  ActionContext ctx{**db, doc, writer, settings_, credential->region};
  auto result = action->fn(ctx);
  if (!result) return error_response(result.error());
  writer.EndObject();
  HttpResponse response;
  response.body.assign(buffer.GetString(), buffer.GetSize());
  return response;
}

HttpResponse Handler::handle_admin(const auth::RequestView& request, std::string& body,
                                  std::string_view target) {
  AdminFn fn = find_admin_action(target.substr(kAdminPrefix.size()));
  if (!fn) return error_response({model::ErrorCode::UnknownOperationException, ""});
  auto credential = auth::authenticate(request, settings_.credentials);
  if (!credential) return error_response(credential.error());
  rapidjson::Document doc;
  if (!parse_body(body, doc)) {
    return error_response({model::ErrorCode::SerializationException, ""});
  }
  std::string ns =
      auth::namespace_file_name(credential->access_key, credential->region, settings_.shared_db);
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  AdminContext ctx{engine_, doc, writer, ns};
  if (auto r = fn(ctx); !r) return error_response(r.error());
  writer.EndObject();
  HttpResponse response;
  response.body.assign(buffer.GetString(), buffer.GetSize());
  return response;
}

void Handler::finish(HttpResponse& response, const auth::RequestView& request) {
  response.headers.emplace_back("x-amzn-RequestId", request_id());
  response.headers.emplace_back("x-amz-crc32", std::to_string(crc32(response.body)));
  if (!settings_.cors.empty()) {
    auto origin = request.header("origin");
    if (origin && origin_allowed(settings_.cors, *origin)) {
      response.headers.emplace_back("Access-Control-Allow-Origin", std::string(*origin));
      response.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      auto requested = request.header("access-control-request-headers");
      response.headers.emplace_back("Access-Control-Allow-Headers",
                                    requested ? std::string(*requested) : std::string("*"));
      response.headers.emplace_back("Access-Control-Expose-Headers",
                                    "x-amzn-RequestId, x-amz-crc32");
      response.headers.emplace_back("Access-Control-Max-Age", "172800");
    }
  }
}

}  // namespace drydock::server
