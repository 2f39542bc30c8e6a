// Database: secondary-index storage, maintenance on writes, the GSI propagation queue,
// online index creation (backfill) and deletion, and index range reads.
#include <chrono>

#include "model/binary_codec.h"
#include "model/item_size.h"
#include "storage/database.h"
#include "storage/key_codec.h"

namespace drydock::storage {
namespace {

using model::Item;
using model::Result;

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
  return conn_->exec("CREATE TABLE IF NOT EXISTS " + index_table(index.storage_id) +
                     " (hash INTEGER NOT NULL, ipk BLOB NOT NULL, isk BLOB NOT NULL,"
                     "  tpk BLOB NOT NULL, tsk BLOB NOT NULL, size INTEGER NOT NULL,"
                     "  item BLOB NOT NULL, PRIMARY KEY (hash, ipk, isk, tpk, tsk)) WITHOUT ROWID");
}

Result<void> Database::prepare_indexes(Table& table) {
  table.indexes_.clear();
  for (const auto* list : {&table.info_.local_indexes, &table.info_.global_indexes}) {
    for (const auto& info : *list) {
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
  }
  return {};
}

Result<void> Database::apply_index_change(IndexState& index,
                                          const std::optional<IndexRowKey>& old_key,
                                          const std::optional<IndexEntry>& new_entry,
                                          bool replay) {
  // Deletes report the size they removed, so the counters stay exact whatever the index
  // held (a replayed or replaced entry included).
  auto remove = [&](const IndexRowKey& k) -> Result<void> {
    sqlite::StatementScope scope(index.delete_);
    index.delete_.bind(1, k.hash).bind_blob(2, k.ipk).bind_blob(3, k.isk).bind_blob(4, k.tpk)
        .bind_blob(5, k.tsk);
    auto row = index.delete_.step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
      --index.item_count_;
      index.size_bytes_ -= index.delete_.column_int(0);
    }
    return {};
  };
  if (old_key) {
    if (auto r = remove(*old_key); !r) return r;
  }
  if (new_entry) {
    const auto& k = new_entry->key;
    // Written in step with the table, an index holds no entry under a new key yet; a
    // replayed change may find one.
    if (replay && (!old_key || !(*old_key == k))) {
      if (auto r = remove(k); !r) return r;
    }
    sqlite::StatementScope scope(index.put_);
    index.put_.bind(1, k.hash).bind_blob(2, k.ipk).bind_blob(3, k.isk).bind_blob(4, k.tpk)
        .bind_blob(5, k.tsk).bind(6, new_entry->size).bind_blob(7, new_entry->blob);
    if (auto r = index.put_.run(); !r) return r;
    ++index.item_count_;
    index.size_bytes_ += new_entry->size;
  }
  return {};
}

Result<void> Database::enqueue_index_change(IndexState& index,
                                            const std::optional<IndexRowKey>& old_key,
                                            const std::optional<IndexEntry>& new_entry) {
  if (!queue_insert_) {
    auto prepared = conn_->prepare(
        "INSERT INTO drydock_index_queue (index_storage, due, tpk, tsk, old_hash, old_ipk, "
        "old_isk, new_hash, new_ipk, new_isk, size, item) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!prepared) return std::unexpected(prepared.error());
    queue_insert_ = std::make_unique<sqlite::Statement>(std::move(*prepared));
  }
  auto& stmt = *queue_insert_;
  std::int64_t due = (now_ms_ ? now_ms_() : wall_ms()) + index_lag_ms_;
  const IndexRowKey& any = old_key ? *old_key : new_entry->key;
  sqlite::StatementScope scope(stmt);
  stmt.bind(1, index.info_->storage_id).bind(2, due).bind_blob(3, any.tpk).bind_blob(4, any.tsk);
  if (old_key) stmt.bind(5, old_key->hash).bind_blob(6, old_key->ipk).bind_blob(7, old_key->isk);
  if (new_entry) {
    const auto& k = new_entry->key;
    stmt.bind(8, k.hash).bind_blob(9, k.ipk).bind_blob(10, k.isk).bind(11, new_entry->size)
        .bind_blob(12, new_entry->blob);
  }
  if (auto r = stmt.run(); !r) return r;
  ++pending_updates_;
  if (!earliest_due_ || due < *earliest_due_) earliest_due_ = due;
  return {};
}

Result<void> Database::maintain_indexes(Table& table, const Item* old_item, const Item* new_item,
                                       std::string_view new_blob, std::int64_t new_size) {
  for (auto& [name, index] : table.indexes_) {
    const IndexInfo& info = *index.info_;
    std::optional<IndexRowKey> old_key;
    if (old_item) old_key = index_entry_key(table.info_, info, *old_item);
    std::optional<IndexEntry> new_entry;
    if (new_item) new_entry = index_entry(table.info_, info, *new_item, new_blob, new_size);
    // Nothing to do when the entry keeps its key and its projected attributes.
    if (!old_key && !new_entry) continue;
    if (old_key && new_entry && *old_key == new_entry->key) {
      bool unchanged = info.projection.type == ProjectionType::ALL
                           ? *old_item == *new_item
                           : project_for_index(table.info_, info, *old_item) ==
                                 project_for_index(table.info_, info, *new_item);
      if (unchanged) continue;
    }
    // LSIs are strongly consistent with their table; GSIs follow after the lag.
    bool immediate = !info.global || index_lag_ms_ <= 0;
    auto r = immediate ? apply_index_change(index, old_key, new_entry, false)
                       : enqueue_index_change(index, old_key, new_entry);
    if (!r) return r;
  }
  return {};
}

IndexState* Database::find_index_by_storage(std::int64_t storage_id, Table** table_out) {
  for (auto& [name, table] : tables_) {
    for (auto& [iname, index] : table->indexes_) {
      if (index.info_->storage_id == storage_id) {
        *table_out = table.get();
        return &index;
      }
    }
  }
  return nullptr;
}

Result<std::optional<std::int64_t>> Database::apply_index_updates(bool all,
                                                                  std::size_t backfill_budget,
                                                                  bool& busy) {
  busy = false;
  if (auto s = settle_all(); !s) return std::unexpected(s.error());
  std::optional<std::int64_t> next_due;
  if (pending_updates_ > 0) {
    std::int64_t now = now_ms_ ? now_ms_() : wall_ms();
    auto r = transaction([&]() -> Result<void> {
      if (!queue_select_) {
        auto prepared = conn_->prepare(
            "SELECT seq, index_storage, due, tpk, tsk, old_hash, old_ipk, old_isk, new_hash, "
            "new_ipk, new_isk, size, item FROM drydock_index_queue ORDER BY seq");
        if (!prepared) return std::unexpected(prepared.error());
        queue_select_ = std::make_unique<sqlite::Statement>(std::move(*prepared));
      }
      sqlite::Statement* select = queue_select_.get();
      sqlite::StatementScope select_scope(*select);
      std::int64_t applied = 0;
      std::int64_t last_applied = -1;
      for (;;) {
        auto row = select->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        std::int64_t due = select->column_int(2);
        // Stop at the first update not yet due: updates apply in write order only.
        if (!all && due > now) {
          next_due = due;
          break;
        }
        last_applied = select->column_int(0);
        ++applied;
        Table* table = nullptr;
        IndexState* index = find_index_by_storage(select->column_int(1), &table);
        if (!index) continue;  // the index was deleted since
        std::string tpk(select->column_blob(3)), tsk(select->column_blob(4));
        std::optional<IndexRowKey> old_key;
        if (!select->column_is_null(5)) {
          old_key = IndexRowKey{select->column_int(5), std::string(select->column_blob(6)),
                                std::string(select->column_blob(7)), tpk, tsk};
        }
        std::optional<IndexEntry> new_entry;
        if (!select->column_is_null(8)) {
          new_entry = IndexEntry{IndexRowKey{select->column_int(8), std::string(select->column_blob(9)),
                                             std::string(select->column_blob(10)), tpk, tsk},
                                 std::string(select->column_blob(12)), select->column_int(11)};
        }
        if (auto a = apply_index_change(*index, old_key, new_entry, true); !a) return a;
      }
      select->reset();
      if (last_applied >= 0) {
        if (!queue_delete_) {
          auto prepared = conn_->prepare("DELETE FROM drydock_index_queue WHERE seq <= ?1");
          if (!prepared) return std::unexpected(prepared.error());
          queue_delete_ = std::make_unique<sqlite::Statement>(std::move(*prepared));
        }
        sqlite::StatementScope delete_scope(*queue_delete_);
        queue_delete_->bind(1, last_applied);
        if (auto d = queue_delete_->run(); !d) return d;
      }
      // Every row up to last_applied went, applied or for a deleted index.
      pending_updates_ = std::max<std::int64_t>(0, pending_updates_ - applied);
      return {};
    });
    if (!r) return std::unexpected(r.error());
  }
  earliest_due_ = pending_updates_ > 0 ? next_due : std::nullopt;
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
  if (pending_updates_ > 0) wake = earliest_due_.value_or(0);
  if (pending_settles_ > 0) {
    for (const auto& [name, table] : tables_) {
      if (table->settle_at_ms_ && (!wake || *table->settle_at_ms_ < *wake)) {
        wake = table->settle_at_ms_;
      }
    }
  }
  return wake;
}

Result<bool> Database::backfill_step(Table& table, IndexState& index, std::size_t& budget) {
  ScanRange range;
  range.exclusive_start = index.backfill_cursor_;
  std::optional<StoredKey> last;
  bool finished = true;
  auto r = transaction([&]() -> Result<void> {
    return scan(table, range, [&](const RowView& row) -> Result<bool> {
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
      auto entry = index_entry(table.info_, *index.info_, *item, row.item, row.size);
      if (!entry) return true;
      auto a = apply_index_change(index, std::nullopt, entry, true);
      if (!a) return std::unexpected(a.error());
      return true;
    });
  });
  if (!r) return std::unexpected(r.error());
  if (!finished) {
    index.backfill_cursor_ = last;
    return false;
  }
  index.backfill_cursor_.reset();
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
  auto r = transaction([&]() -> Result<void> {
    if (auto c = create_index_storage(index); !c) return c;
    return save_catalog_entry(info);
  });
  if (!r) return r;
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
  // Statements on the index's storage go before the storage does.
  table.indexes_.clear();
  auto r = transaction([&]() -> Result<void> {
    std::string sid = std::to_string(storage_id);
    if (auto c = conn_->exec("DROP TABLE IF EXISTS idx_" + sid +
                             "; DELETE FROM drydock_index_queue WHERE index_storage = " + sid);
        !c) {
      return c;
    }
    return save_catalog_entry(info);
  });
  table.info_ = std::move(info);
  auto p = prepare_indexes(table);
  table.throughput_->reconfigure(table.info_);
  if (!r) return r;
  if (!p) return p;
  return refresh_counters();
}

Result<sqlite::Statement*> Database::index_range_statement(IndexState& index, int shape) {
  auto it = index.range_statements_.find(shape);
  if (it != index.range_statements_.end()) return &it->second;
  auto stmt = conn_->prepare(index_range_sql(index_table(index.info_->storage_id), shape));
  if (!stmt) return std::unexpected(stmt.error());
  return &index.range_statements_.emplace(shape, std::move(*stmt)).first->second;
}

Result<void> Database::query_index(Table& table, std::string_view name, const QueryRange& range,
                                   const RowFn& fn) {
  auto it = table.indexes_.find(name);
  if (it == table.indexes_.end()) return model::fail_validation("unknown index");
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
