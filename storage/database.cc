#include <cstdlib>
#include "storage/database.h"

#include <chrono>

#include "model/binary_codec.h"
#include "model/item_size.h"
#include "storage/key_codec.h"

namespace drydock::storage {
namespace {

using model::Item;
using model::Result;

std::string items_table(std::int64_t storage_id) {
  return "items_" + std::to_string(storage_id);
}

}  // namespace

StoredKey make_stored_key(const model::AttributeValue& hash, const model::AttributeValue* range) {
  StoredKey key;
  key.pk = encode_key_value(hash);
  if (range) key.sk = encode_key_value(*range);
  key.hash = partition_hash(key.pk);
  return key;
}

StoredKey stored_key_of(const KeySchema& schema, const Item& item) {
  const auto& hash = item.find(schema.hash.name)->second;
  const model::AttributeValue* range = nullptr;
  if (schema.range) range = &item.find(schema.range->name)->second;
  return make_stored_key(hash, range);
}

Database::Database(std::unique_ptr<sqlite::Connection> conn, DatabaseOptions options)
    : conn_(std::move(conn)), options_(std::move(options)) {}

Database::~Database() {
  if (!applier_) return;
  // Everything pending applies now; the applier then marks its database clean.
  std::vector<GsiChange> rest = take_pending();
  auto held = applier_->lock();
  (void)applier_->apply_now(rest);
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, DatabaseOptions options) {
  auto conn = sqlite::Connection::open(path);
  if (!conn) return std::unexpected(conn.error());
  std::unique_ptr<Database> db(new Database(std::move(*conn), std::move(options)));
  bool in_memory = path == ":memory:" || path.find("vfs=memdb") != std::string::npos;
  // The index database: the file's name + "-gsi" (before a URI's parameters).
  std::string gsi_path = path;
  if (path != ":memory:") gsi_path.insert(std::min(path.find('?'), path.size()), "-gsi");
  auto applier = GsiApplier::open(gsi_path, in_memory);
  if (!applier) return std::unexpected(applier.error());
  db->applier_ = std::move(*applier);
  if (auto r = db->init_schema(in_memory); !r) return std::unexpected(r.error());
  if (auto r = db->load_catalog(); !r) return std::unexpected(r.error());
  return db;
}

Result<void> Database::init_schema(bool in_memory) {
  // Files: WAL with synchronous=NORMAL: a committed write is in the WAL file before the
  // commit returns, so it survives kill -9 (not power loss, which a local emulator need
  // not). In memory: the rollback journal in memory too.
  if (auto r = conn_->exec(in_memory ? "PRAGMA journal_mode=MEMORY;"
                                     : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
      !r) {
    return r;
  }
  if (auto r = conn_->exec(
          "PRAGMA foreign_keys=OFF;"
          "CREATE TABLE IF NOT EXISTS drydock_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
          "CREATE TABLE IF NOT EXISTS drydock_tables ("
          "  name TEXT PRIMARY KEY, storage_id INTEGER NOT NULL, info BLOB NOT NULL);");
      !r) {
    return r;
  }
  auto get = conn_->prepare("SELECT value FROM drydock_meta WHERE key = 'format_version'");
  if (!get) return std::unexpected(get.error());
  auto row = get->step();
  if (!row) return std::unexpected(row.error());
  if (*row) {
    std::string version(get->column_text(0));
    get->reset();
    if (version == "2") {
      // GSIs and their queue lived in this database: they move to the index database,
      // rebuilt from their tables once the catalog is loaded.
      rebuild_global_indexes_ = true;
      return conn_->exec("DROP TABLE IF EXISTS drydock_index_queue;"
                         "UPDATE drydock_meta SET value = '" +
                         std::to_string(kStorageFormatVersion) + "' WHERE key = 'format_version'");
    }
    if (version != std::to_string(kStorageFormatVersion)) {
      return model::fail(model::ErrorCode::InternalFailure,
                         "database format version " + version + " is not supported (expected " +
                             std::to_string(kStorageFormatVersion) + ")");
    }
    return {};
  }
  get->reset();
  return conn_->exec("INSERT INTO drydock_meta VALUES ('format_version', '" +
                     std::to_string(kStorageFormatVersion) + "')");
}

Result<void> Database::load_catalog() {
  auto stmt = conn_->prepare("SELECT storage_id, info FROM drydock_tables");
  if (!stmt) return std::unexpected(stmt.error());
  for (;;) {
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto item = model::decode_item(stmt->column_blob(1));
    if (!item) return std::unexpected(item.error());
    auto info = table_info_from_item(*item);
    if (!info) return std::unexpected(info.error());
    auto table = std::make_unique<Table>();
    table->info_ = std::move(*info);
    next_storage_id_ = std::max(next_storage_id_, table->info_.storage_id + 1);
    for (const auto* list : {&table->info_.local_indexes, &table->info_.global_indexes}) {
      for (const auto& i : *list) {
        next_storage_id_ = std::max(next_storage_id_, i.storage_id + 1);
        backfilling_ = backfilling_ || i.backfilling;  // resumes from the start
      }
    }
    tables_.emplace(table->info_.name, std::move(table));
  }
  stmt->reset();
  {
    auto held = applier_->lock();
    for (auto& [name, table] : tables_) {
      for (const auto& g : table->info_.global_indexes) {
        if (rebuild_global_indexes_) {
          // A version 2 file kept the index here.
          if (auto r = conn_->exec("DROP TABLE IF EXISTS idx_" + std::to_string(g.storage_id)); !r) {
            return r;
          }
        }
        if (auto r = applier_->open_store(g.storage_id); !r) return std::unexpected(r.error());
      }
    }
  }
  for (auto& [name, table] : tables_) {
    if (auto r = prepare_table(*table); !r) return r;
  }
  if (auto r = refresh_counters(); !r) return r;
  if (rebuild_global_indexes_ || !applier_->was_clean()) {
    if (auto r = rebuild_global_indexes(); !r) return r;
  }
  for (auto& [name, table] : tables_) {
    start_throughput(*table);
    // A transient status left by the previous run ends now: the table is ACTIVE, or gone.
    bool transient = table->info_.status != "ACTIVE";
    for (const auto& g : table->info_.global_indexes) {
      transient = transient || (g.status == "CREATING" && !g.backfilling);
    }
    if (transient) {
      table->settle_at_ms_ = 0;
      ++pending_settles_;
    }
  }
  return settle_all();
}

std::int64_t Database::clock_ms() const {
  if (now_ms_) return now_ms_();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Database::start_throughput(Table& table) {
  const throughput::Clock& clock = options_.clock ? *options_.clock : own_clock_;
  std::int64_t id = table.info_.storage_id;
  table.throughput_ = std::make_unique<throughput::TableThroughput>(
      table.info_, table.size_bytes_, options_.throughput, clock,
      [this, id](std::int64_t begin, std::int64_t end) { return range_bytes(id, begin, end); });
}

std::int64_t Database::range_bytes(std::int64_t storage_id, std::int64_t begin, std::int64_t end) {
  // Only partition splits ask (rare): an unprepared statement is fine.
  auto stmt = conn_->prepare("SELECT coalesce(sum(size), 0) FROM " + items_table(storage_id) +
                             " WHERE hash >= ?1 AND hash " +
                             (end == throughput::kHashEnd ? "<=" : "<") + " ?2");
  if (!stmt) return 0;
  stmt->bind(1, begin).bind(2, end);
  auto row = stmt->step();
  if (!row || !*row) return 0;
  return stmt->column_int(0);
}

void Database::schedule_settle(Table& table) {
  if (!table.settle_at_ms_) ++pending_settles_;
  table.settle_at_ms_ = clock_ms() + options_.transient_ms;
}

Result<bool> Database::settle(Table& table) {
  if (!table.settle_at_ms_ || clock_ms() < *table.settle_at_ms_) return true;
  table.settle_at_ms_.reset();
  --pending_settles_;
  if (table.info_.status == "DELETING") {
    std::string name = table.info_.name;
    if (auto r = drop_table(name); !r) return std::unexpected(r.error());
    return false;
  }
  TableInfo info = table.info_;
  info.status = "ACTIVE";
  // Indexes created with the table, or whose backfill finished while the table was
  // UPDATING, are ACTIVE with it; a backfill still running keeps its index CREATING.
  for (auto& g : info.global_indexes) {
    if (g.status == "CREATING" && !g.backfilling) g.status = "ACTIVE";
  }
  if (auto r = update_table_info(table, std::move(info)); !r) return std::unexpected(r.error());
  return true;
}

Result<void> Database::settle_all() {
  if (pending_settles_ == 0) return {};
  std::vector<Table*> due;
  for (auto& [name, table] : tables_) {
    if (table->settle_at_ms_) due.push_back(table.get());
  }
  for (Table* t : due) {
    if (auto r = settle(*t); !r) return std::unexpected(r.error());
  }
  return {};
}

Result<void> Database::refresh_counters() {
  for (auto& [name, table] : tables_) {
    auto stats = conn_->prepare("SELECT count(*), coalesce(sum(size), 0) FROM " +
                                items_table(table->info_.storage_id));
    if (!stats) return std::unexpected(stats.error());
    auto row = stats->step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
      table->item_count_ = stats->column_int(0);
      table->size_bytes_ = stats->column_int(1);
    }
    for (auto& [index_name, index] : table->indexes_) {
      if (index.gsi_) continue;  // counted by its store
      auto istats = conn_->prepare("SELECT count(*), coalesce(sum(size), 0) FROM idx_" +
                                   std::to_string(index.info_->storage_id));
      if (!istats) return std::unexpected(istats.error());
      auto irow = istats->step();
      if (!irow) return std::unexpected(irow.error());
      if (*irow) {
        index.item_count_ = istats->column_int(0);
        index.size_bytes_ = istats->column_int(1);
      }
    }
  }
  return {};
}

Result<void> Database::prepare_table(Table& table) {
  std::string t = items_table(table.info_.storage_id);
  auto get = conn_->prepare("SELECT item FROM " + t + " WHERE hash = ?1 AND pk = ?2 AND sk = ?3");
  auto put = conn_->prepare("INSERT OR REPLACE INTO " + t +
                            " (hash, pk, sk, size, item) VALUES (?1, ?2, ?3, ?4, ?5)");
  auto del = conn_->prepare("DELETE FROM " + t + " WHERE hash = ?1 AND pk = ?2 AND sk = ?3");
  if (!get) return std::unexpected(get.error());
  if (!put) return std::unexpected(put.error());
  if (!del) return std::unexpected(del.error());
  table.get_ = std::move(*get);
  table.put_ = std::move(*put);
  table.delete_ = std::move(*del);
  return prepare_indexes(table);
}

Result<void> Database::save_catalog_entry(const TableInfo& info) {
  auto stmt = conn_->prepare(
      "INSERT OR REPLACE INTO drydock_tables (name, storage_id, info) VALUES (?1, ?2, ?3)");
  if (!stmt) return std::unexpected(stmt.error());
  std::string blob = model::encode_item(to_item(info));
  stmt->bind_text(1, info.name).bind(2, info.storage_id).bind_blob(3, blob);
  return stmt->run();
}

Result<Table*> Database::create_table(TableInfo info) {
  if (Table* existing = find_table(info.name); existing) {
    return model::fail(model::ErrorCode::ResourceInUseException,
                       "Table already exists: " + info.name);
  }
  if (options_.transient_ms > 0) {
    info.status = "CREATING";
    for (auto& g : info.global_indexes) g.status = "CREATING";
  }
  info.storage_id = next_storage_id_++;
  for (auto* list : {&info.local_indexes, &info.global_indexes}) {
    for (auto& i : *list) i.storage_id = next_storage_id_++;
  }
  {
    auto held = applier_->lock();
    for (const auto& g : info.global_indexes) {
      if (auto c = applier_->create_store(g.storage_id, false); !c) {
        return std::unexpected(c.error());
      }
    }
  }
  Result<void> r = transaction([&]() -> Result<void> {
    // Rows ordered by (partition hash, partition key, sort key): a Query is one range
    // scan within a partition key, a Scan walks partitions in hash order.
    if (auto c = conn_->exec("CREATE TABLE " + items_table(info.storage_id) +
                             " (hash INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL,"
                             "  size INTEGER NOT NULL, item BLOB NOT NULL,"
                             "  PRIMARY KEY (hash, pk, sk)) WITHOUT ROWID");
        !c) {
      return c;
    }
    for (const auto& i : info.local_indexes) {
      if (auto c = create_index_storage(i); !c) return c;
    }
    return save_catalog_entry(info);
  });
  if (!r) {
    auto held = applier_->lock();
    for (const auto& g : info.global_indexes) (void)applier_->drop_store(g.storage_id);
    return std::unexpected(r.error());
  }
  auto table = std::make_unique<Table>();
  table->info_ = std::move(info);
  if (auto p = prepare_table(*table); !p) return std::unexpected(p.error());
  start_throughput(*table);
  Table* raw = table.get();
  tables_.emplace(raw->info_.name, std::move(table));
  if (options_.transient_ms > 0) schedule_settle(*raw);
  return raw;
}

Table* Database::find_table(std::string_view name) {
  auto it = tables_.find(name);
  if (it == tables_.end()) return nullptr;
  Table* table = it->second.get();
  if (table->settle_at_ms_) {
    auto kept = settle(*table);
    // A failed settle leaves the table as it was; the next request tries again.
    if (kept && !*kept) return nullptr;
  }
  return table;
}

Result<void> Database::delete_table(std::string_view name) {
  Table* table = find_table(name);
  if (!table)
    return model::fail(model::ErrorCode::ResourceNotFoundException, "Requested resource not found");
  if (options_.transient_ms <= 0) return drop_table(name);
  TableInfo info = table->info_;
  info.status = "DELETING";
  if (auto r = update_table_info(*table, std::move(info)); !r) return r;
  schedule_settle(*table);
  return {};
}

Result<void> Database::mark_updating(Table& table) {
  if (options_.transient_ms <= 0) return {};
  TableInfo info = table.info_;
  info.status = "UPDATING";
  if (auto r = update_table_info(table, std::move(info)); !r) return r;
  schedule_settle(table);
  return {};
}

Result<void> Database::drop_table(std::string_view name) {
  auto it = tables_.find(name);
  if (it == tables_.end()) return model::fail(model::ErrorCode::ResourceNotFoundException,
                                              "Requested resource not found");
  std::int64_t storage_id = it->second->info_.storage_id;
  std::vector<std::int64_t> index_ids, global_ids;
  for (const auto& i : it->second->info_.local_indexes) index_ids.push_back(i.storage_id);
  for (const auto& i : it->second->info_.global_indexes) global_ids.push_back(i.storage_id);
  std::string table_name(name);
  if (it->second->settle_at_ms_) --pending_settles_;
  // Finalize the table's statements before dropping its storage.
  tables_.erase(it);
  {
    // Changes still waiting for the table's GSIs find no store and are skipped.
    auto held = applier_->lock();
    for (auto id : global_ids) {
      if (auto r = applier_->drop_store(id); !r) return r;
    }
  }
  return transaction([&]() -> Result<void> {
    auto del = conn_->prepare("DELETE FROM drydock_tables WHERE name = ?1");
    if (!del) return std::unexpected(del.error());
    del->bind_text(1, table_name);
    if (auto r = del->run(); !r) return r;
    for (auto id : index_ids) {
      if (auto r = conn_->exec("DROP TABLE IF EXISTS idx_" + std::to_string(id)); !r) return r;
    }
    return conn_->exec("DROP TABLE IF EXISTS " + items_table(storage_id));
  });
}

Result<void> Database::update_table_info(Table& table, TableInfo info) {
  info.storage_id = table.info_.storage_id;
  info.name = table.info_.name;
  if (auto r = save_catalog_entry(info); !r) return r;
  table.info_ = std::move(info);
  // The index states point into info_: re-point them at the new copy.
  for (auto* list : {&table.info_.local_indexes, &table.info_.global_indexes}) {
    for (auto& i : *list) {
      if (auto it = table.indexes_.find(i.name); it != table.indexes_.end()) it->second.info_ = &i;
    }
  }
  // New billing mode, throughput or index set: effective at once.
  if (table.throughput_) table.throughput_->reconfigure(table.info_);
  return {};
}

std::vector<std::string> Database::table_names() {
  (void)settle_all();  // a failure leaves tables listed; the next request tries again
  std::vector<std::string> names;
  names.reserve(tables_.size());
  for (const auto& [name, t] : tables_) names.push_back(name);
  return names;
}

Result<std::optional<Item>> Database::get_item(Table& table, const StoredKey& key) {
  sqlite::StatementScope scope(table.get_);
  table.get_.bind(1, key.hash).bind_blob(2, key.pk).bind_blob(3, key.sk);
  auto row = table.get_.step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Item>();
  auto item = model::decode_item(table.get_.column_blob(0));
  if (!item) return std::unexpected(item.error());
  return std::optional<Item>(std::move(*item));
}

Result<WriteResult> Database::write_item(Table& table, const StoredKey& key, const ApplyFn& apply) {
  if (!table.indexes_.empty() && transaction_depth_ == 0) {
    // Base row, LSI entries and queued GSI updates commit together.
    Result<WriteResult> out = std::unexpected(model::Error::internal("unset"));
    auto r = transaction([&]() -> Result<void> {
      out = write_item(table, key, apply);
      if (!out) return std::unexpected(out.error());
      return {};
    });
    if (!r) return std::unexpected(r.error());
    return out;
  }
  WriteResult result;
  auto old = get_item(table, key);
  if (!old) return std::unexpected(old.error());
  result.old_item = std::move(*old);
  auto next = apply(result.old_item ? &*result.old_item : nullptr);
  if (!next) return std::unexpected(next.error());
  if (*next && !table.indexes_.empty()) {
    if (auto c = check_index_keys(table.info_, **next); !c) return std::unexpected(c.error());
  }
  std::int64_t old_size =
      result.old_item ? static_cast<std::int64_t>(model::item_size(*result.old_item)) : 0;
  std::string blob;
  std::int64_t size = 0;
  if (*next) {
    blob = model::encode_item(**next);
    size = static_cast<std::int64_t>(model::item_size(**next));
    sqlite::StatementScope scope(table.put_);
    table.put_.bind(1, key.hash).bind_blob(2, key.pk).bind_blob(3, key.sk).bind(4, size).bind_blob(
        5, blob);
    if (auto r = table.put_.run(); !r) return std::unexpected(r.error());
    table.size_bytes_ += size - old_size;
    if (!result.old_item) ++table.item_count_;
    table.throughput_->on_item_written(key.hash, old_size, size);
  } else if (result.old_item) {
    sqlite::StatementScope scope(table.delete_);
    table.delete_.bind(1, key.hash).bind_blob(2, key.pk).bind_blob(3, key.sk);
    if (auto r = table.delete_.run(); !r) return std::unexpected(r.error());
    table.size_bytes_ -= old_size;
    --table.item_count_;
    table.throughput_->on_item_written(key.hash, old_size, 0);
  }
  result.new_item = std::move(*next);
  if (!table.indexes_.empty()) {
    if (auto r = maintain_indexes(table, key, result.old_item ? &*result.old_item : nullptr,
                                  result.new_item ? &*result.new_item : nullptr, std::move(blob),
                                  size, old_size);
        !r) {
      return std::unexpected(r.error());
    }
  }
  if (!table.info_.local_indexes.empty()) {
    auto size = item_collection_size(table, key);
    if (!size) return std::unexpected(size.error());
    result.item_collection_bytes = *size;
    // A write that grows a collection past its limit fails whole (the transaction that
    // wraps writes to indexed tables rolls it back).
    std::int64_t new_size = result.new_item ? static_cast<std::int64_t>(model::item_size(*result.new_item)) : 0;
    if (*size > options_.item_collection_limit_bytes && new_size > old_size) {
      return model::fail(model::ErrorCode::ItemCollectionSizeLimitExceededException,
                         "Collection size exceeded.");
    }
  }
  return result;
}

ScanRange scan_segment(int segment, int total) {
  ScanRange range;
  // Hashes are 63-bit non-negative values; segment i covers an equal slice of them.
  auto width = static_cast<std::uint64_t>(INT64_MAX) / static_cast<std::uint64_t>(total);
  range.hash_begin = static_cast<std::int64_t>(width * static_cast<std::uint64_t>(segment));
  range.hash_end = segment + 1 == total
                       ? INT64_MAX
                       : static_cast<std::int64_t>(width * static_cast<std::uint64_t>(segment + 1));
  return range;
}

namespace {

// Range statement shapes: bit flags of which optional clauses are present.
enum Shape : int {
  kQuery = 1 << 0,
  kLower = 1 << 1,
  kLowerInclusive = 1 << 2,
  kUpper = 1 << 3,
  kUpperInclusive = 1 << 4,
  kStart = 1 << 5,
  kBackward = 1 << 6,
  kScanToEnd = 1 << 7,
};

std::string range_sql(const std::string& table, int shape) {
  if (shape & kQuery) {
    std::string sql = "SELECT size, item FROM " + table + " WHERE hash = ?1 AND pk = ?2";
    if (shape & kLower) sql += (shape & kLowerInclusive) ? " AND sk >= ?3" : " AND sk > ?3";
    if (shape & kUpper) sql += (shape & kUpperInclusive) ? " AND sk <= ?4" : " AND sk < ?4";
    if (shape & kStart) sql += (shape & kBackward) ? " AND sk < ?5" : " AND sk > ?5";
    sql += (shape & kBackward) ? " ORDER BY sk DESC" : " ORDER BY sk";
    return sql;
  }
  std::string sql = "SELECT size, item FROM " + table + " WHERE hash >= ?1";
  sql += (shape & kScanToEnd) ? " AND hash <= ?2" : " AND hash < ?2";
  if (shape & kStart) sql += " AND (hash, pk, sk) > (?3, ?4, ?5)";
  sql += " ORDER BY hash, pk, sk";
  return sql;
}

}  // namespace

Result<sqlite::Statement*> Database::range_statement(Table& table, int shape) {
  auto it = table.range_statements_.find(shape);
  if (it != table.range_statements_.end()) return &it->second;
  auto stmt = conn_->prepare(range_sql(items_table(table.info_.storage_id), shape));
  if (!stmt) return std::unexpected(stmt.error());
  return &table.range_statements_.emplace(shape, std::move(*stmt)).first->second;
}

Result<void> Database::walk(sqlite::Statement& stmt, const RowFn& fn, bool with_table_key) {
  sqlite::StatementScope scope(stmt);
  for (;;) {
    auto row = stmt.step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
    RowView view{stmt.column_blob(1), stmt.column_int(0), {}, {}};
    if (with_table_key) {
      view.tpk = stmt.column_blob(2);
      view.tsk = stmt.column_blob(3);
    }
    auto more = fn(view);
    if (!more) return std::unexpected(more.error());
    if (!*more) return {};
  }
}

Result<void> Database::query(Table& table, const QueryRange& range, const RowFn& fn) {
  int shape = kQuery;
  if (range.lower) shape |= kLower | (range.lower->inclusive ? kLowerInclusive : 0);
  if (range.upper) shape |= kUpper | (range.upper->inclusive ? kUpperInclusive : 0);
  if (range.exclusive_start_sk) shape |= kStart;
  if (!range.forward) shape |= kBackward;
  auto stmt = range_statement(table, shape);
  if (!stmt) return std::unexpected(stmt.error());
  auto& s = **stmt;
  s.bind(1, range.hash).bind_blob(2, range.pk);
  if (range.lower) s.bind_blob(3, range.lower->value);
  if (range.upper) s.bind_blob(4, range.upper->value);
  if (range.exclusive_start_sk) s.bind_blob(5, *range.exclusive_start_sk);
  return walk(s, fn, false);
}

Result<void> Database::scan(Table& table, const ScanRange& range, const RowFn& fn) {
  int shape = 0;
  if (range.hash_end == INT64_MAX) shape |= kScanToEnd;
  if (range.exclusive_start) shape |= kStart;
  auto stmt = range_statement(table, shape);
  if (!stmt) return std::unexpected(stmt.error());
  auto& s = **stmt;
  s.bind(1, range.hash_begin).bind(2, range.hash_end);
  if (range.exclusive_start) {
    s.bind(3, range.exclusive_start->hash)
        .bind_blob(4, range.exclusive_start->pk)
        .bind_blob(5, range.exclusive_start->sk);
  }
  return walk(s, fn, false);
}

Result<void> Database::transaction(const std::function<Result<void>()>& fn) {
  if (transaction_depth_ > 0) return fn();
  if (!begin_) {
    auto b = conn_->prepare("BEGIN IMMEDIATE");
    if (!b) return std::unexpected(b.error());
    auto c = conn_->prepare("COMMIT");
    if (!c) return std::unexpected(c.error());
    begin_ = std::make_unique<sqlite::Statement>(std::move(*b));
    commit_ = std::make_unique<sqlite::Statement>(std::move(*c));
  }
  {
    sqlite::StatementScope scope(*begin_);
    if (auto r = begin_->run(); !r) return r;
  }
  ++transaction_depth_;
  auto result = fn();
  --transaction_depth_;
  if (result) {
    sqlite::StatementScope scope(*commit_);
    if (auto c = commit_->run(); !c) {
      (void)conn_->exec("ROLLBACK");
      txn_changes_.clear();
      (void)refresh_counters();
      return c;
    }
    // Committed: its GSI changes may go.
    return flush_index_changes();
  }
  (void)conn_->exec("ROLLBACK");
  txn_changes_.clear();
  // Counters moved with writes that are now undone: count again.
  (void)refresh_counters();
  return result;
}

}  // namespace drydock::storage
