// Engine: the set of namespaces (one Database each), opened on first use.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "model/error.h"
#include "storage/database.h"

namespace drydock::storage {

struct EngineOptions {
  std::string db_dir = ".";  // -dbPath
  bool in_memory = false;     // -inMemory
};

class Engine {
 public:
  explicit Engine(EngineOptions options) : options_(std::move(options)) {}

  // The database of one namespace, by its file name (e.g. "AKID_us-east-1.db", or
  // "shared-local-instance.db" with -sharedDb). Opened, or created, on first use.
  model::Result<Database*> database(std::string_view file_name);

  // Closes every database cleanly (checkpointing the WAL).
  void close_all() { databases_.clear(); }

 private:
  EngineOptions options_;
  std::map<std::string, std::unique_ptr<Database>, std::less<>> databases_;
};

}  // namespace drydock::storage
