// Engine: the set of namespaces (one Database each), opened on first use, and the
// background work they share: GSI propagation after the configured lag, and backfills.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "model/error.h"
#include "storage/database.h"
#include "storage/throughput/clock.h"
#include "storage/throughput/options.h"

namespace drydock::storage {

struct EngineOptions {
  std::string db_dir = ".";  // -dbPath
  bool in_memory = false;     // -inMemory
  std::int64_t gsi_lag_ms = 0;
  // Capacity simulation (enforce: --throughput=enforce).
  throughput::ThroughputOptions throughput{};
  // --clock=manual: the capacity simulation's clock moves only through advance_clock(),
  // so throttling is deterministic; otherwise it is the steady clock.
  bool manual_clock = false;
  // -delayTransientStatuses: how long tables stay CREATING / UPDATING / DELETING (ms).
  std::int64_t transient_ms = 0;
  // LSI item collection limit (10 GB as in DynamoDB unless a test lowers it).
  std::int64_t item_collection_limit_bytes = 10LL * 1024 * 1024 * 1024;
};

class Engine {
 public:
  explicit Engine(EngineOptions options);

  // The database of one namespace, by its file name (e.g. "AKID_us-east-1.db", or
  // "shared-local-instance.db" with -sharedDb). Opened, or created, on first use.
  model::Result<Database*> database(std::string_view file_name);

  // GSI propagation lag for every namespace, changeable at run time.
  void set_index_lag_ms(std::int64_t lag_ms);
  std::int64_t index_lag_ms() const { return options_.gsi_lag_ms; }
  // The clock that dates GSI updates (ms); the real wall clock unless replaced.
  void set_clock(std::function<std::int64_t()> now_ms);
  std::int64_t now_ms() const { return now_ms_(); }

  // Does the background work that is due (all pending work when `all`). Returns the time
  // (ms, on the engine clock) when more work is due, or nullopt when idle.
  model::Result<std::optional<std::int64_t>> run_background(bool all);
  // When run_background() next has work, or nullopt when idle.
  std::optional<std::int64_t> next_wake_ms() const;
  std::int64_t pending_index_updates() const;

  // Closes every database cleanly (checkpointing the WAL).
  void close_all() { databases_.clear(); }

  const EngineOptions& options() const { return options_; }
  // The capacity simulation's clock; with manual_clock, only advance_clock() moves it.
  const throughput::Clock& throughput_clock() const { return *clock_; }
  bool manual_clock() const { return manual_ != nullptr; }
  // REQUIRES: manual_clock(), delta >= 0.
  void advance_clock(throughput::Micros delta) { manual_->advance(delta); }

 private:
  EngineOptions options_;
  std::unique_ptr<throughput::Clock> clock_;
  throughput::ManualClock* manual_ = nullptr;  // clock_, when it is manual
  std::function<std::int64_t()> now_ms_;
  std::map<std::string, std::unique_ptr<Database>, std::less<>> databases_;
};

}  // namespace drydock::storage
