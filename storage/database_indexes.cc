// Database: secondary-index storage, maintenance on writes, the GSI propagation queue,
// online index creation (backfill) and deletion, and index range reads.
#include <chrono>
#include <cstdio>

#include "model/binary_codec.h"
#include "model/item_size.h"
#include "storage/database.h"
#include "storage/key_codec.h"

namespace drydock::storage {
namespace {

using model::Item;
using model::Result;

// GSI changes handed to the index thread and not yet applied, at most (see
// flush_index_changes): some 50 ms of the thread's work at the rates measured here, enough
// that a writer does not stall on every batch the thread finishes.
constexpr std::int64_t kMaxIndexChangesInFlight = 8192;

std::string index_table(std::int64_t storage_id) { return "idx_" + std::to_string(storage_id); }

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

enum IndexShape : int {
  kIQuery = 1 << 0,
  kILower = 1 << 1,
  kILowerInclusive = 1 << 2,
  kIUpper = 1 << 3,
  kIUpperInclusive = 1 << 4,
  kIStart = 1 << 5,
  kIBackward = 1 << 6,
  kIScanToEnd = 1 << 7,
};

std::string index_range_sql(const std::string& t, int shape) {
  std::string sql = "SELECT size, item, tpk, tsk FROM " + t;
  if (shape & kIQuery) {
    sql += " WHERE hash = ?1 AND ipk = ?2";
    if (shape & kILower) sql += (shape & kILowerInclusive) ? " AND isk >= ?3" : " AND isk > ?3";
    if (shape & kIUpper) sql += (shape & kIUpperInclusive) ? " AND isk <= ?4" : " AND isk < ?4";
    if (shape & kIStart) {
      sql += (shape & kIBackward) ? " AND (isk, tpk, tsk) < (?5, ?6, ?7)"
                                  : " AND (isk, tpk, tsk) > (?5, ?6, ?7)";
    }
    sql += (shape & kIBackward) ? " ORDER BY isk DESC, tpk DESC, tsk DESC"
                                : " ORDER BY isk, tpk, tsk";
    return sql;
  }
  sql += " WHERE hash >= ?1";
  sql += (shape & kIScanToEnd) ? " AND hash <= ?2" : " AND hash < ?2";
  if (shape & kIStart) sql += " AND (hash, ipk, isk, tpk, tsk) > (?3, ?4, ?5, ?6, ?7)";
  sql += " ORDER BY hash, ipk, isk, tpk, tsk";
  return sql;
}


}  // namespace

const IndexState* Table::index(std::string_view name) const {
  auto it = indexes_.find(name);
  return it == indexes_.end() ? nullptr : &it->second;
}

Result<void> Database::create_index_storage(const IndexInfo& index) {
  return conn_->exec(create_index_table_sql(index_table(index.storage_id), true));
}

Result<void> Database::prepare_indexes(Table& table) {
  table.indexes_.clear();
  for (const auto& info : table.info_.global_indexes) {
    IndexState state;
    state.info_ = &info;
    {
      auto held = applier_->lock();
      state.gsi_ = applier_->store(info.storage_id);
    }
    if (!state.gsi_) return model::fail(model::ErrorCode::InternalFailure,
                                        "missing storage for index " + info.name);
    table.indexes_.emplace(info.name, std::move(state));
  }
  for (const auto& info : table.info_.local_indexes) {
    IndexState state;
    state.info_ = &info;
    std::string t = index_table(info.storage_id);
    auto put = conn_->prepare("INSERT INTO " + t +
                              " (hash, ipk, isk, tpk, tsk, size, item)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    auto del = conn_->prepare(
        "DELETE FROM " + t +
        " WHERE hash = ?1 AND ipk = ?2 AND isk = ?3 AND tpk = ?4 AND tsk = ?5 RETURNING size");
    if (!put) return std::unexpected(put.error());
    if (!del) return std::unexpected(del.error());
    state.put_ = std::move(*put);
    state.delete_ = std::move(*del);
    table.indexes_.emplace(info.name, std::move(state));
  }
  return {};
}

Result<void> Database::apply_index_change(IndexState& index,
                                          const std::optional<IndexRowKey>& old_key,
                                          const std::optional<IndexEntry>& new_entry) {
  // Deletes report the size they removed, so the counters stay exact.
  if (old_key) {
    const auto& k = *old_key;
    sqlite::StatementScope scope(index.delete_);
    bind_row_key(index.delete_, k);
    auto row = index.delete_.step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
      --index.item_count_;
      index.size_bytes_ -= index.delete_.column_int(0);
    }
  }
  if (new_entry) {
    const auto& k = new_entry->key;
    sqlite::StatementScope scope(index.put_);
    bind_row_key(index.put_, k).bind(6, new_entry->size).bind_blob(7, *new_entry->blob);
    if (auto r = index.put_.run(); !r) return r;
    ++index.item_count_;
    index.size_bytes_ += new_entry->size;
  }
  return {};
}

Result<void> Database::maintain_indexes(Table& table, const StoredKey& key, const Item* old_item,
                                       const Item* new_item, std::string&& new_blob,
                                       std::int64_t new_size, std::int64_t old_size) {
  // The item's encoding, for ALL projections: moved in, shared by their entries.
  std::shared_ptr<const std::string> shared_blob;
  if (new_item) shared_blob = std::make_shared<const std::string>(std::move(new_blob));
  for (auto& [name, index] : table.indexes_) {
    const IndexInfo& info = *index.info_;
    std::optional<IndexRowKey> old_key;
    if (old_item) old_key = index_entry_key(info, *old_item, key);
    std::optional<IndexEntry> new_entry;
    if (new_item) {
      new_entry = index_entry(table.info_, info, *new_item, key, shared_blob, new_size);
    }
    // Nothing to do when the entry keeps its key and its projected attributes.
    if (!old_key && !new_entry) continue;
    if (old_key && new_entry && *old_key == new_entry->key) {
      bool unchanged = info.projection.type == ProjectionType::ALL
                           ? *old_item == *new_item
                           : project_for_index(table.info_, info, *old_item) ==
                                 project_for_index(table.info_, info, *new_item);
      if (unchanged) continue;
    }
    if (index.gsi_) {
      // GSIs follow once the write has committed (flush_index_changes).
      std::int64_t old_entry_size = -1;
      if (old_key) {
        old_entry_size = info.projection.type == ProjectionType::ALL
                             ? old_size
                             : static_cast<std::int64_t>(model::item_size(
                                   project_for_index(table.info_, info, *old_item)));
      }
      txn_changes_.push_back(
          GsiChange{info.storage_id, std::move(old_key), std::move(new_entry), old_entry_size});
      continue;
    }
    // LSIs are strongly consistent with their table: in the write's transaction.
    if (auto r = apply_index_change(index, old_key, new_entry); !r) return r;
  }
  return {};
}

std::vector<GsiChange> Database::take_pending() {
  std::vector<GsiChange> all;
  all.reserve(static_cast<std::size_t>(pending_changes_));
  for (auto& p : pending_) {
    for (auto& c : p.changes) all.push_back(std::move(c));
  }
  pending_.clear();
  pending_changes_ = 0;
  return all;
}

Result<void> Database::flush_index_changes() {
  if (txn_changes_.empty()) return {};
  std::vector<GsiChange> changes;
  changes.swap(txn_changes_);
  if (index_lag_ms_ <= 0) {
    // No lag: applied before the write returns, after everything pending.
    std::vector<GsiChange> all = take_pending();
    for (auto& c : changes) all.push_back(std::move(c));
    std::unique_lock<std::mutex> held = applier_->lock();
    if (auto r = applier_->apply_now(all); !r) {
      held.unlock();
      return repair_global_indexes(r.error());
    }
    return {};
  }
  std::int64_t due = (now_ms_ ? now_ms_() : wall_ms()) + index_lag_ms_;
  pending_changes_ += static_cast<std::int64_t>(changes.size());
  pending_.push_back(PendingWrite{due, std::move(changes)});
  // The index thread is behind by more than it applies in some tens of milliseconds: wait
  // for it, so that the indexes keep close to the lag and memory stays bounded.
  applier_->wait_below(kMaxIndexChangesInFlight);
  return {};
}

Result<std::optional<std::int64_t>> Database::apply_index_updates(bool all,
                                                                  std::size_t backfill_budget,
                                                                  bool& busy) {
  busy = false;
  if (auto s = settle_all(); !s) return std::unexpected(s.error());
  if (auto e = applier_->take_error(); e) {
    if (auto r = repair_global_indexes(*e); !r) return std::unexpected(r.error());
  }
  std::int64_t now = now_ms_ ? now_ms_() : wall_ms();
  // Updates go in write order: the first one not yet due holds back those after it.
  if (all) {
    // Everything, before returning: applied here, after what the thread still holds.
    std::vector<GsiChange> due = take_pending();
    std::unique_lock<std::mutex> held = applier_->lock();
    if (auto r = applier_->apply_now(due); !r) {
      held.unlock();
      if (auto f = repair_global_indexes(r.error()); !f) return std::unexpected(f.error());
    }
  } else {
    std::vector<std::vector<GsiChange>> due;
    while (!pending_.empty() && pending_.front().due <= now) {
      pending_changes_ -= static_cast<std::int64_t>(pending_.front().changes.size());
      due.push_back(std::move(pending_.front().changes));
      pending_.pop_front();
    }
    applier_->submit(std::move(due));
  }
  std::optional<std::int64_t> next_due;
  if (!pending_.empty()) next_due = pending_.front().due;
  for (auto& [name, table] : tables_) {
    for (auto& [iname, index] : table->indexes_) {
      if (!index.info_->backfilling) continue;
      auto done = backfill_step(*table, index, backfill_budget);
      if (!done) return std::unexpected(done.error());
      if (!*done) busy = true;
      // backfill_step may have replaced the table's index states: stop walking them.
      break;
    }
  }
  backfilling_ = busy;
  return next_due;
}

std::optional<std::int64_t> Database::next_wake_ms() const {
  if (backfilling_) return 0;
  std::optional<std::int64_t> wake;
  if (!pending_.empty()) wake = pending_.front().due;
  if (pending_settles_ > 0) {
    for (const auto& [name, table] : tables_) {
      if (table->settle_at_ms_ && (!wake || *table->settle_at_ms_ < *wake)) {
        wake = table->settle_at_ms_;
      }
    }
  }
  return wake;
}

Result<bool> Database::fill_global_index(Table& table, IndexState& index,
                                         std::optional<StoredKey>& cursor, std::size_t& budget) {
  ScanRange range;
  range.exclusive_start = cursor;
  std::optional<StoredKey> last;
  bool finished = true;
  std::vector<GsiChange> entries;
  auto r = scan(table, range, [&](const RowView& row) -> Result<bool> {
    if (budget == 0) {
      finished = false;
      return false;
    }
    --budget;
    auto item = model::decode_item(row.item);
    if (!item) return std::unexpected(item.error());
    last = stored_key_of(table.info_.key, *item);
    // Items with a mistyped index key cannot be indexed; DynamoDB reports them as
    // backfill violations and leaves them out.
    if (!check_index_keys(table.info_, *item)) return true;
    auto encoded = std::make_shared<const std::string>(row.item);
    auto entry = index_entry(table.info_, *index.info_, *item, *last, encoded, row.size);
    if (entry) entries.push_back(GsiChange{index.info_->storage_id, std::nullopt, std::move(entry)});
    return true;
  });
  if (!r) return std::unexpected(r.error());
  {
    // Each item's entry as the table holds it now; changes still pending for these items
    // replace them when they apply (the store replays).
    auto held = applier_->lock();
    if (auto a = applier_->apply_now(entries); !a) return std::unexpected(a.error());
  }
  cursor = finished ? std::nullopt : last;
  return finished;
}

Result<void> Database::rebuild_global_indexes() {
  for (auto& [name, table] : tables_) {
    for (auto& [iname, index] : table->indexes_) {
      if (!index.gsi_) continue;
      {
        auto held = applier_->lock();
        auto store = applier_->create_store(index.info_->storage_id, index.info_->backfilling);
        if (!store) return std::unexpected(store.error());
        index.gsi_ = *store;
      }
      // A backfill in progress starts again; a finished index fills up at once.
      index.backfill_cursor_.reset();
      if (index.info_->backfilling) continue;
      std::optional<StoredKey> cursor;
      for (;;) {
        std::size_t budget = 4096;
        auto done = fill_global_index(*table, index, cursor, budget);
        if (!done) return std::unexpected(done.error());
        if (*done) break;
      }
    }
  }
  return {};
}

Result<void> Database::repair_global_indexes(const model::Error& cause) {
  std::fprintf(stderr, "drydock: applying index updates failed (%s); rebuilding the global "
               "secondary indexes from their tables\n", cause.message.c_str());
  // The tables already hold every change waiting for the indexes: the rebuild brings
  // them in, so nothing is lost and nothing applies twice.
  {
    auto held = applier_->lock();
    applier_->discard_queued();
  }
  pending_.clear();
  pending_changes_ = 0;
  return rebuild_global_indexes();
}

Result<bool> Database::backfill_step(Table& table, IndexState& index, std::size_t& budget) {
  auto done = fill_global_index(table, index, index.backfill_cursor_, budget);
  if (!done) return std::unexpected(done.error());
  if (!*done) return false;
  TableInfo info = table.info_;
  for (auto& g : info.global_indexes) {
    if (g.name == index.info_->name) {
      // While the table is still UPDATING (transient delays), the index turns ACTIVE with it.
      if (!table.settle_at_ms_) g.status = "ACTIVE";
      g.backfilling = false;
    }
  }
  if (auto u = update_table_info(table, std::move(info)); !u) return std::unexpected(u.error());
  return true;
}

Result<void> Database::create_global_index(Table& table, IndexInfo index) {
  index.storage_id = next_storage_id_++;
  index.global = true;
  index.status = "CREATING";
  index.backfilling = true;
  TableInfo info = table.info_;
  info.global_indexes.push_back(index);
  {
    auto held = applier_->lock();
    if (auto c = applier_->create_store(index.storage_id, true); !c) {
      return std::unexpected(c.error());
    }
  }
  auto r = transaction([&]() -> Result<void> { return save_catalog_entry(info); });
  if (!r) {
    auto held = applier_->lock();
    (void)applier_->drop_store(index.storage_id);
    return r;
  }
  table.info_ = std::move(info);
  backfilling_ = true;
  if (auto p = prepare_indexes(table); !p) return p;
  table.throughput_->reconfigure(table.info_);
  return refresh_counters();
}

Result<void> Database::delete_global_index(Table& table, std::string_view name) {
  TableInfo info = table.info_;
  std::int64_t storage_id = 0;
  std::erase_if(info.global_indexes, [&](const IndexInfo& i) {
    if (i.name != name) return false;
    storage_id = i.storage_id;
    return true;
  });
  auto r = transaction([&]() -> Result<void> { return save_catalog_entry(info); });
  if (!r) return r;
  table.indexes_.clear();
  table.info_ = std::move(info);
  {
    // Changes still waiting for the index find no store and are skipped.
    auto held = applier_->lock();
    if (auto d = applier_->drop_store(storage_id); !d) return d;
  }
  auto p = prepare_indexes(table);
  table.throughput_->reconfigure(table.info_);
  if (!p) return p;
  return refresh_counters();
}

Result<sqlite::Statement*> Database::index_range_statement(IndexState& index, int shape) {
  // A GSI's statements belong to the index connection (REQUIRES: its lock held).
  auto& statements = index.gsi_ ? index.gsi_->range_statements_ : index.range_statements_;
  auto it = statements.find(shape);
  if (it != statements.end()) return &it->second;
  sqlite::Connection& conn = index.gsi_ ? applier_->connection() : *conn_;
  auto stmt = conn.prepare(index_range_sql(index_table(index.info_->storage_id), shape));
  if (!stmt) return std::unexpected(stmt.error());
  return &statements.emplace(shape, std::move(*stmt)).first->second;
}

Result<void> Database::query_index(Table& table, std::string_view name, const QueryRange& range,
                                   const RowFn& fn) {
  auto it = table.indexes_.find(name);
  if (it == table.indexes_.end()) return model::fail_validation("unknown index");
  // A GSI is read under its connection's lock, between the thread's batches.
  std::unique_lock<std::mutex> held;
  if (it->second.gsi_) held = applier_->lock();
  int shape = kIQuery;
  if (range.lower) shape |= kILower | (range.lower->inclusive ? kILowerInclusive : 0);
  if (range.upper) shape |= kIUpper | (range.upper->inclusive ? kIUpperInclusive : 0);
  if (range.index_start) shape |= kIStart;
  if (!range.forward) shape |= kIBackward;
  auto stmt = index_range_statement(it->second, shape);
  if (!stmt) return std::unexpected(stmt.error());
  auto& s = **stmt;
  s.bind(1, range.hash).bind_blob(2, range.pk);
  if (range.lower) s.bind_blob(3, range.lower->value);
  if (range.upper) s.bind_blob(4, range.upper->value);
  if (range.index_start) {
    s.bind_blob(5, range.index_start->isk).bind_blob(6, range.index_start->tpk)
        .bind_blob(7, range.index_start->tsk);
  }
  return walk(s, fn, true);
}

Result<void> Database::scan_index(Table& table, std::string_view name, const ScanRange& range,
                                  const RowFn& fn) {
  auto it = table.indexes_.find(name);
  if (it == table.indexes_.end()) return model::fail_validation("unknown index");
  // A GSI is read under its connection's lock, between the thread's batches.
  std::unique_lock<std::mutex> held;
  if (it->second.gsi_) held = applier_->lock();
  int shape = 0;
  if (range.hash_end == INT64_MAX) shape |= kIScanToEnd;
  if (range.index_start) shape |= kIStart;
  auto stmt = index_range_statement(it->second, shape);
  if (!stmt) return std::unexpected(stmt.error());
  auto& s = **stmt;
  s.bind(1, range.hash_begin).bind(2, range.hash_end);
  if (range.index_start) {
    const auto& k = *range.index_start;
    s.bind(3, k.hash).bind_blob(4, k.ipk).bind_blob(5, k.isk).bind_blob(6, k.tpk).bind_blob(7, k.tsk);
  }
  return walk(s, fn, true);
}

Result<std::int64_t> Database::item_collection_size(Table& table, const StoredKey& key) {
  std::int64_t total = 0;
  auto sum = [&](const std::string& sql) -> Result<void> {
    auto stmt = conn_->prepare(sql);
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, key.hash).bind_blob(2, key.pk);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (*row) total += stmt->column_int(0);
    return {};
  };
  if (auto r = sum("SELECT coalesce(sum(size), 0) FROM items_" +
                   std::to_string(table.info_.storage_id) + " WHERE hash = ?1 AND pk = ?2");
      !r) {
    return std::unexpected(r.error());
  }
  for (const auto& lsi : table.info_.local_indexes) {
    if (auto r = sum("SELECT coalesce(sum(size), 0) FROM " + index_table(lsi.storage_id) +
                     " WHERE hash = ?1 AND ipk = ?2");
        !r) {
      return std::unexpected(r.error());
    }
  }
  return total;
}

Result<std::optional<Item>> Database::get_item_by_stored(Table& table, std::string_view pk,
                                                        std::string_view sk) {
  StoredKey key{std::string(pk), std::string(sk), partition_hash(pk)};
  return get_item(table, key);
}

}  // namespace drydock::storage
