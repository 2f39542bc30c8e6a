// ServerSettings: what the command line configures, read by the handler and the actions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "auth/credentials.h"

namespace drydock::server {

struct ServerSettings {
  // Listening.
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;
  // Storage (DynamoDB Local's flags).
  std::string db_path = ".";
  bool in_memory = false;
  bool shared_db = false;
  bool delay_transient_statuses = false;
  // How long after a write its global secondary indexes show it (DynamoDB propagates GSIs
  // asynchronously); 0 makes GSIs update with the write.
  std::int64_t gsi_lag_ms = 25;
  // CORS: empty = off; "*" or a comma-separated list of allowed origins.
  std::string cors;
  // Credentials: empty = signatures parsed but not verified (DynamoDB Local's behaviour).
  auth::Credentials credentials;
  // The account id in ARNs.
  std::string account_id = "000000000000";
  // Limits and timeouts.
  std::size_t max_body_bytes = 16 * 1024 * 1024 + 64 * 1024;
  int read_timeout_seconds = 60;
  int idle_timeout_seconds = 120;
};

}  // namespace drydock::server
