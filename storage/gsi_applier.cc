#include "storage/gsi_applier.h"

#include <cstdio>

namespace drydock::storage {
namespace {

using model::Result;

// Changes per transaction of the thread (whole writes, so a few more): large enough to
// amortise the commit, small enough that a read of an index waits at most a few
// milliseconds for the lock.
constexpr std::size_t kBatch = 128;

std::string store_table(std::int64_t storage_id) { return "idx_" + std::to_string(storage_id); }

// The changes in a list of writes.
template <typename Writes>
std::int64_t count_changes(const Writes& writes) {
  std::int64_t n = 0;
  for (const auto& w : writes) n += static_cast<std::int64_t>(w.size());
  return n;
}

}  // namespace

// An index's rows: the index key, then the table key (unique), the projected item's size
// and encoding.
std::string create_index_table_sql(const std::string& table, bool if_not_exists) {
  return std::string("CREATE TABLE ") + (if_not_exists ? "IF NOT EXISTS " : "") + table +
         " (hash INTEGER NOT NULL, ipk BLOB NOT NULL, isk BLOB NOT NULL,"
         "  tpk BLOB NOT NULL, tsk BLOB NOT NULL, size INTEGER NOT NULL,"
         "  item BLOB NOT NULL, PRIMARY KEY (hash, ipk, isk, tpk, tsk)) WITHOUT ROWID";
}

sqlite::Statement& bind_row_key(sqlite::Statement& stmt, const IndexRowKey& key) {
  return stmt.bind(1, key.hash).bind_blob(2, key.ipk).bind_blob(3, key.isk).bind_blob(4, key.tpk)
      .bind_blob(5, key.tsk);
}

Result<std::unique_ptr<GsiApplier>> GsiApplier::open(const std::string& path, bool in_memory) {
  auto conn = sqlite::Connection::open(path);
  if (!conn) return std::unexpected(conn.error());
  std::unique_ptr<GsiApplier> applier(new GsiApplier(std::move(*conn)));
  if (auto r = applier->init(in_memory); !r) return std::unexpected(r.error());
  applier->thread_ = std::thread([raw = applier.get()] { raw->run(); });
  return applier;
}

Result<void> GsiApplier::init(bool in_memory) {
  // In memory: no rollback journal. Journalling every page a batch touches was a fifth
  // of the index thread's work; a batch that fails part-way is repaired instead, by
  // rebuilding the GSIs from their tables (Database::repair_global_indexes).
  if (auto r = conn_->exec(in_memory ? "PRAGMA journal_mode=OFF;"
                                     : "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
      !r) {
    return r;
  }
  if (auto r = conn_->exec(
          "CREATE TABLE IF NOT EXISTS drydock_gsi_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      !r) {
    return r;
  }
  auto get = conn_->prepare("SELECT value FROM drydock_gsi_meta WHERE key = 'clean'");
  if (!get) return std::unexpected(get.error());
  auto row = get->step();
  if (!row) return std::unexpected(row.error());
  was_clean_ = *row && get->column_text(0) == "1";
  get->reset();
  // From now until a clean close the indexes may lag their tables.
  return set_clean(false);
}

Result<void> GsiApplier::set_clean(bool clean) {
  return conn_->exec(std::string("INSERT OR REPLACE INTO drydock_gsi_meta VALUES ('clean', '") +
                     (clean ? "1" : "0") + "')");
}

GsiApplier::~GsiApplier() {
  {
    std::lock_guard<std::mutex> q(queue_mutex_);
    stop_ = true;
  }
  queue_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  auto held = lock();
  std::vector<GsiChange> none;
  auto applied = apply_now(none);
  if (!applied) {
    std::fprintf(stderr, "drydock: applying index updates at close failed: %s\n",
                 applied.error().message.c_str());
  } else if (auto e = take_error(); e) {
    std::fprintf(stderr, "drydock: index updates failed earlier: %s\n", e->message.c_str());
  } else {
    (void)set_clean(true);
  }
  stores_.clear();  // statements go before the connection
}

Result<GsiStore*> GsiApplier::prepare_store(std::int64_t storage_id, bool replay) {
  std::string t = store_table(storage_id);
  auto put = conn_->prepare("INSERT INTO " + t +
                            " (hash, ipk, isk, tpk, tsk, size, item) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!put) return std::unexpected(put.error());
  auto del = conn_->prepare(
      "DELETE FROM " + t +
      " WHERE hash = ?1 AND ipk = ?2 AND isk = ?3 AND tpk = ?4 AND tsk = ?5 RETURNING size");
  if (!del) return std::unexpected(del.error());
  auto del_known = conn_->prepare(
      "DELETE FROM " + t + " WHERE hash = ?1 AND ipk = ?2 AND isk = ?3 AND tpk = ?4 AND tsk = ?5");
  if (!del_known) return std::unexpected(del_known.error());
  auto store = std::make_unique<GsiStore>();
  store->storage_id_ = storage_id;
  store->put_ = std::move(*put);
  store->delete_ = std::move(*del);
  store->delete_known_ = std::move(*del_known);
  store->replay_ = replay;
  if (auto c = count(*store); !c) return std::unexpected(c.error());
  GsiStore* raw = store.get();
  stores_[storage_id] = std::move(store);
  return raw;
}

Result<void> GsiApplier::count(GsiStore& store) {
  auto stats = conn_->prepare("SELECT count(*), coalesce(sum(size), 0) FROM " +
                              store_table(store.storage_id_));
  if (!stats) return std::unexpected(stats.error());
  auto row = stats->step();
  if (!row) return std::unexpected(row.error());
  if (*row) {
    store.item_count_ = stats->column_int(0);
    store.size_bytes_ = stats->column_int(1);
  }
  return {};
}

Result<GsiStore*> GsiApplier::create_store(std::int64_t storage_id, bool replay) {
  stores_.erase(storage_id);
  std::string t = store_table(storage_id);
  if (auto r = conn_->exec("DROP TABLE IF EXISTS " + t + "; " + create_index_table_sql(t, false)); !r) {
    return std::unexpected(r.error());
  }
  return prepare_store(storage_id, replay);
}

Result<GsiStore*> GsiApplier::open_store(std::int64_t storage_id) {
  if (auto r = conn_->exec(create_index_table_sql(store_table(storage_id), true)); !r) {
    return std::unexpected(r.error());
  }
  return prepare_store(storage_id, false);
}

GsiStore* GsiApplier::store(std::int64_t storage_id) {
  auto it = stores_.find(storage_id);
  return it == stores_.end() ? nullptr : it->second.get();
}

Result<void> GsiApplier::drop_store(std::int64_t storage_id) {
  stores_.erase(storage_id);  // its statements go before its table
  return conn_->exec("DROP TABLE IF EXISTS " + store_table(storage_id));
}

Result<void> GsiApplier::apply(const GsiChange& change) {
  GsiStore* s = store(change.storage_id);
  if (!s) return {};  // the index was deleted since
  // Deletes report the size they removed, so the counters stay exact whatever the index
  // held.
  auto remove = [s](const IndexRowKey& k) -> Result<void> {
    sqlite::StatementScope scope(s->delete_);
    bind_row_key(s->delete_, k);
    auto row = s->delete_.step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
      s->item_count_.fetch_sub(1, std::memory_order_relaxed);
      s->size_bytes_.fetch_sub(s->delete_.column_int(0), std::memory_order_relaxed);
    }
    return {};
  };
  if (change.old_key && change.old_size >= 0 && !s->replay_) {
    // The entry is the one the item's previous change put there, of the size that change
    // computed: a plain delete, without reading the size back.
    sqlite::StatementScope scope(s->delete_known_);
    bind_row_key(s->delete_known_, *change.old_key);
    if (auto r = s->delete_known_.run(); !r) return r;
    if (conn_->changes() > 0) {
      s->item_count_.fetch_sub(1, std::memory_order_relaxed);
      s->size_bytes_.fetch_sub(change.old_size, std::memory_order_relaxed);
    }
  } else if (change.old_key) {
    if (auto r = remove(*change.old_key); !r) return r;
  }
  if (change.new_entry) {
    const IndexEntry& e = *change.new_entry;
    // A backfilled index may already hold the new entry.
    if (s->replay_ && (!change.old_key || !(*change.old_key == e.key))) {
      if (auto r = remove(e.key); !r) return r;
    }
    sqlite::StatementScope scope(s->put_);
    bind_row_key(s->put_, e.key).bind(6, e.size).bind_blob(7, *e.blob);
    if (auto r = s->put_.run(); !r) return r;
    s->item_count_.fetch_add(1, std::memory_order_relaxed);
    s->size_bytes_.fetch_add(e.size, std::memory_order_relaxed);
  }
  return {};
}

Result<void> GsiApplier::apply_batch(const std::vector<std::vector<GsiChange>>& batch,
                                     std::vector<GsiChange>* more) {
  if (count_changes(batch) == 0 && (!more || more->empty())) return {};
  if (auto r = conn_->exec("BEGIN IMMEDIATE"); !r) return r;
  Result<void> result;
  for (const auto& write : batch) {
    for (const auto& c : write) {
      if (result = apply(c); !result) break;
    }
    if (!result) break;
  }
  if (result && more) {
    for (const auto& c : *more) {
      if (result = apply(c); !result) break;
    }
  }
  if (result) result = conn_->exec("COMMIT");
  if (!result) {
    (void)conn_->exec("ROLLBACK");
    // The counters moved with the undone changes: count again.
    for (auto& [id, s] : stores_) (void)count(*s);
  }
  return result;
}

Result<void> GsiApplier::apply_now(std::vector<GsiChange>& changes) {
  std::vector<std::vector<GsiChange>> queued;
  {
    std::lock_guard<std::mutex> q(queue_mutex_);
    queued.reserve(queue_.size());
    for (auto& w : queue_) queued.push_back(std::move(w));
    queue_.clear();
  }
  auto r = apply_batch(queued, &changes);
  in_flight_.fetch_sub(count_changes(queued), std::memory_order_acq_rel);
  return r;
}

void GsiApplier::discard_queued() {
  {
    std::lock_guard<std::mutex> q(queue_mutex_);
    in_flight_.fetch_sub(count_changes(queue_), std::memory_order_acq_rel);
    queue_.clear();
    error_.reset();
  }
  applied_cv_.notify_all();
}

void GsiApplier::submit(std::vector<std::vector<GsiChange>>&& writes) {
  std::int64_t n = count_changes(writes);
  if (n == 0) return;
  {
    std::lock_guard<std::mutex> q(queue_mutex_);
    in_flight_.fetch_add(n, std::memory_order_acq_rel);
    for (auto& w : writes) queue_.push_back(std::move(w));
  }
  queue_cv_.notify_one();
}

void GsiApplier::wait_below(std::int64_t limit) {
  if (in_flight() < limit) return;
  std::unique_lock<std::mutex> q(queue_mutex_);
  applied_cv_.wait(q, [&] { return in_flight_.load(std::memory_order_acquire) < limit; });
}

std::optional<model::Error> GsiApplier::take_error() {
  std::lock_guard<std::mutex> q(queue_mutex_);
  auto e = std::move(error_);
  error_.reset();
  return e;
}

void GsiApplier::run() {
  for (;;) {
    {
      std::unique_lock<std::mutex> q(queue_mutex_);
      queue_cv_.wait(q, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;  // the destructor applies the rest
    }
    // The connection first, then the queue: apply_now() takes them in the same order, so
    // a batch taken here is applied before anything handed over after it.
    std::lock_guard<std::mutex> held(conn_mutex_);
    // Whole writes, about kBatch changes.
    std::vector<std::vector<GsiChange>> batch;
    std::int64_t n = 0;
    {
      std::lock_guard<std::mutex> q(queue_mutex_);
      while (!queue_.empty() && n < static_cast<std::int64_t>(kBatch)) {
        n += static_cast<std::int64_t>(queue_.front().size());
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    auto r = apply_batch(batch, nullptr);
    if (!r) {
      std::fprintf(stderr, "drydock: applying index updates failed: %s\n",
                   r.error().message.c_str());
    }
    {
      std::lock_guard<std::mutex> q(queue_mutex_);
      in_flight_.fetch_sub(n, std::memory_order_acq_rel);
      if (!r && !error_) error_ = r.error();
    }
    applied_cv_.notify_all();
  }
}

}  // namespace drydock::storage
