// GsiApplier: the storage of a namespace's global secondary indexes, in a SQLite database
// of its own beside the tables' one, and the thread that applies propagated changes to it.
//
// A write commits its item to the table database; its GSI changes wait in the Database
// (in memory) until the lag has passed, then come here and are applied by this thread, in
// hand-over order, while the server's thread goes on serving requests: on two cores the
// index work runs beside the table work instead of after it. GSIs are derived data: when
// the process ends cleanly everything handed over is applied and the index database is
// marked clean; after a crash it is not, and the Database rebuilds every GSI from its
// table at the next open, so that no update is lost or applied twice.
//
// Locking: one mutex guards the index connection and the set of stores. The thread holds
// it while applying a batch; the server's thread takes it (lock()) to read an index,
// create or drop one, or apply changes itself. A second mutex guards the hand-over queue.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "model/error.h"
#include "storage/indexes.h"
#include "storage/sqlite/connection.h"

namespace drydock::storage {

// The SQL that creates an index's table of entries (an LSI's, in the table database, too).
std::string create_index_table_sql(const std::string& table, bool if_not_exists);

// Binds an index row key to parameters 1..5 (hash, ipk, isk, tpk, tsk), as every index
// statement takes it.
sqlite::Statement& bind_row_key(sqlite::Statement& stmt, const IndexRowKey& key);

// A change to one GSI's entries for one written item: the entry to remove and the entry
// to add (either absent).
struct GsiChange {
  std::int64_t storage_id = 0;
  std::optional<IndexRowKey> old_key;
  std::optional<IndexEntry> new_entry;
  // The size of the entry under old_key, as the write that made it computed it; -1 when
  // unknown (the delete then reads it back).
  std::int64_t old_size = -1;
};

// One GSI's table in the index database, its statements and counters.
class GsiStore {
 public:
  std::int64_t item_count() const { return item_count_.load(std::memory_order_relaxed); }
  std::int64_t size_bytes() const { return size_bytes_.load(std::memory_order_relaxed); }

 private:
  friend class GsiApplier;
  friend class Database;
  std::int64_t storage_id_ = 0;
  sqlite::Statement put_, delete_, delete_known_;  // delete_ reports the size it removed
  // Range reads by shape, prepared on first use (by the Database, under the lock).
  std::map<int, sqlite::Statement> range_statements_;
  std::atomic<std::int64_t> item_count_{0};
  std::atomic<std::int64_t> size_bytes_{0};
  // A backfilled index: its backfill writes an item's current entry, possibly ahead of
  // changes still waiting, so a change may find its new entry present (and replaces it).
  bool replay_ = false;
};

class GsiApplier {
 public:
  // path: as for sqlite::Connection::open; a file gets WAL without syncs, memory no
  // journal (a crash or a failed batch is repaired by a rebuild, not by the file).
  static model::Result<std::unique_ptr<GsiApplier>> open(const std::string& path,
                                                          bool in_memory);
  // Applies everything handed over, marks the database clean and stops the thread.
  ~GsiApplier();
  GsiApplier(const GsiApplier&) = delete;
  GsiApplier& operator=(const GsiApplier&) = delete;

  // Whether the previous run ended cleanly; if not, every GSI must be rebuilt.
  bool was_clean() const { return was_clean_; }

  std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(conn_mutex_); }

  // The following REQUIRE lock() held.
  sqlite::Connection& connection() { return *conn_; }
  // Empty storage for an index (any earlier table under the id is dropped).
  model::Result<GsiStore*> create_store(std::int64_t storage_id, bool replay);
  // The index's storage as the previous run left it (created when missing).
  model::Result<GsiStore*> open_store(std::int64_t storage_id);
  GsiStore* store(std::int64_t storage_id);
  model::Result<void> drop_store(std::int64_t storage_id);
  // Applies every change handed over and not yet applied, then `changes`, in order, in
  // one transaction.
  model::Result<void> apply_now(std::vector<GsiChange>& changes);
  // Drops the changes handed over and not yet applied, and any failure reported: the
  // indexes are being rebuilt from their tables, which already hold those changes.
  void discard_queued();

  // Without the lock: hands changes to the thread (by write), which applies them in order.
  void submit(std::vector<std::vector<GsiChange>>&& writes);
  // Changes handed over and not yet applied.
  std::int64_t in_flight() const { return in_flight_.load(std::memory_order_acquire); }
  // Blocks while `limit` or more changes are in flight: writes slow down to the pace of
  // the index work instead of letting the indexes fall ever further behind.
  void wait_below(std::int64_t limit);
  // The first failure of the thread since the last call (it logs and carries on).
  std::optional<model::Error> take_error();

 private:
  explicit GsiApplier(std::unique_ptr<sqlite::Connection> conn) : conn_(std::move(conn)) {}
  model::Result<void> init(bool in_memory);
  void run();
  // REQUIRES: lock held, inside a transaction.
  model::Result<void> apply(const GsiChange& change);
  model::Result<void> apply_batch(const std::vector<std::vector<GsiChange>>& batch,
                                  std::vector<GsiChange>* more);
  model::Result<GsiStore*> prepare_store(std::int64_t storage_id, bool replay);
  // Sets the store's counters from its table.
  model::Result<void> count(GsiStore& store);
  model::Result<void> set_clean(bool clean);

  std::unique_ptr<sqlite::Connection> conn_;
  bool was_clean_ = false;
  std::mutex conn_mutex_;  // conn_, stores_ and their statements
  std::map<std::int64_t, std::unique_ptr<GsiStore>> stores_;

  std::mutex queue_mutex_;  // queue_, stop_, error_
  std::condition_variable queue_cv_;
  std::condition_variable applied_cv_;  // in_flight_ went down
  std::deque<std::vector<GsiChange>> queue_;  // by write; in_flight_ counts the changes
  bool stop_ = false;
  std::optional<model::Error> error_;
  std::atomic<std::int64_t> in_flight_{0};
  std::thread thread_;
};

}  // namespace drydock::storage
