#include "storage/engine.h"

namespace drydock::storage {

model::Result<Database*> Engine::database(std::string_view file_name) {
  if (auto it = databases_.find(file_name); it != databases_.end()) return it->second.get();
  std::string path = options_.in_memory ? ":memory:" : options_.db_dir + "/" + std::string(file_name);
  auto db = Database::open(path);
  if (!db) return std::unexpected(db.error());
  Database* raw = db->get();
  databases_.emplace(std::string(file_name), std::move(*db));
  return raw;
}

}  // namespace drydock::storage
