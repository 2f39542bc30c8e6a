// The HTTP/1.1 front end (Boost.Beast/Asio): keep-alive sessions, body limit, timeouts,
// graceful shutdown on SIGINT/SIGTERM. Beast stays inside http_server.cc.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "server/handler.h"
#include "server/settings.h"
#include "storage/engine.h"

namespace drydock::server {

// Listens on settings.host:settings.port and serves until SIGINT or SIGTERM; requests
// already read are answered before it returns. `on_listening` runs once the socket is
// bound (with the actual port). The engine's background work (GSI propagation, backfills)
// runs on the same thread, on a timer armed after each request. Returns an exit code.
int serve(const ServerSettings& settings, Handler& handler, storage::Engine& engine,
          const std::function<void(std::uint16_t port)>& on_listening);

// Health probe for container HEALTHCHECKs: GET http://host:port/ and exit code 0 on 200.
int probe(const std::string& host, std::uint16_t port, int timeout_ms);

}  // namespace drydock::server
