// Handler: one HTTP request in, one HTTP response out; no sockets, so it is testable as a
// plain function. Routing by X-Amz-Target, authentication, JSON decoding, the action,
// and the one place where an Error becomes an HTTP response.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/sigv4.h"
#include "server/settings.h"
#include "storage/engine.h"

namespace drydock::server {

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/x-amz-json-1.0";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type/Length
};

class Handler {
 public:
  Handler(const ServerSettings& settings, storage::Engine& engine)
      : settings_(settings), engine_(engine) {}

  // `request.body` may be modified in place (JSON is parsed in situ), hence non-const.
  HttpResponse handle(const auth::RequestView& request, std::string& body);

 private:
  HttpResponse handle_post(const auth::RequestView& request, std::string& body);
  HttpResponse handle_admin(const auth::RequestView& request, std::string& body,
                            std::string_view target);
  void finish(HttpResponse& response, const auth::RequestView& request);

  const ServerSettings& settings_;
  storage::Engine& engine_;
};

// The error envelope, {"__type": ..., "message": ...}, with the error's HTTP status.
HttpResponse error_response(const model::Error& error);

// CRC32 (IEEE) of the body, as x-amz-crc32 carries it.
std::uint32_t crc32(std::string_view data);

}  // namespace drydock::server
