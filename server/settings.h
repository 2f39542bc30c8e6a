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
  // With -delayTransientStatuses: how long a table stays CREATING, UPDATING or DELETING
  // (and a new global index CREATING at least), in ms.
  std::int64_t transient_status_ms = 750;
  // Capacity: --throughput=enforce throttles requests past a table's throughput (token
  // buckets with burst, per table, partition and GSI); off, capacity is only reported.
  bool throughput_enforce = false;
  // --clock=manual: the capacity simulation's clock moves only with DrydockAdmin.AdvanceClock.
  bool manual_clock = false;
  // How long after a write its global secondary indexes show it (DynamoDB propagates GSIs
  // asynchronously); 0 makes GSIs update with the write.
  std::int64_t gsi_lag_ms = 25;
  // The LSI item collection limit (DynamoDB: 10 GB), lowered so tests can reach it.
  std::int64_t item_collection_limit_bytes = 10LL * 1024 * 1024 * 1024;
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
