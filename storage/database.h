// Database: one namespace's tables and items in one SQLite database (a file under
// -dbPath, or private memory with -inMemory), and their global secondary indexes in a
// second one kept by a GsiApplier and its thread. Not thread-safe: the server drives each
// Database from one thread, which also makes every read-check-write atomic; only the
// propagation of GSI changes runs on another (see gsi_applier.h).
#pragma once

#include <climits>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"
#include "model/error.h"
#include "storage/gsi_applier.h"
#include "storage/indexes.h"
#include "storage/sqlite/connection.h"
#include "storage/table_info.h"
#include "storage/throughput/clock.h"
#include "storage/throughput/options.h"
#include "storage/throughput/table_throughput.h"

namespace drydock::storage {

// On-disk format version, stored in the database and checked at open.
// 2: one GSI propagation row per item and index.
// 3: GSIs in a database of their own (the file's name + "-gsi"), propagation in memory.
//    Version 2 files are upgraded at open (their GSIs rebuilt).
constexpr int kStorageFormatVersion = 3;

// A primary key in stored form: order-preserving encodings and the partition hash.
struct StoredKey {
  std::string pk;
  std::string sk;  // empty for tables without a sort key
  std::int64_t hash = 0;
};

// REQUIRES: hash (and range, for a table with a sort key) are validated key values.
StoredKey make_stored_key(const model::AttributeValue& hash, const model::AttributeValue* range);

// The key attributes of an item (all present and validated).
StoredKey stored_key_of(const KeySchema& schema, const model::Item& item);

// The live state of one secondary index: an LSI's SQLite statements and counters (in the
// table database), or a GSI's store (in the index database).
class IndexState {
 public:
  const IndexInfo& info() const { return *info_; }
  std::int64_t item_count() const { return gsi_ ? gsi_->item_count() : item_count_; }
  std::int64_t size_bytes() const { return gsi_ ? gsi_->size_bytes() : size_bytes_; }

 private:
  friend class Database;
  const IndexInfo* info_ = nullptr;  // into the owning Table's info_
  GsiStore* gsi_ = nullptr;          // GSIs: owned by the Database's GsiApplier
  std::int64_t item_count_ = 0;
  std::int64_t size_bytes_ = 0;
  sqlite::Statement put_, delete_;
  std::map<int, sqlite::Statement> range_statements_;
  std::optional<StoredKey> backfill_cursor_;  // where a CREATING index's backfill resumes
};

class Table {
 public:
  const TableInfo& info() const { return info_; }
  std::int64_t item_count() const { return item_count_; }
  std::int64_t size_bytes() const { return size_bytes_; }
  // nullptr when the table has no index of that name.
  const IndexState* index(std::string_view name) const;
  // The table's capacity bookkeeping and throttling (its partitions, buckets and those of
  // its global secondary indexes). Created with the table, reconfigured when its billing,
  // throughput or indexes change, gone with it.
  throughput::TableThroughput& throughput() { return *throughput_; }
  const throughput::TableThroughput& throughput() const { return *throughput_; }

 private:
  friend class Database;
  TableInfo info_;
  std::int64_t item_count_ = 0;
  std::int64_t size_bytes_ = 0;
  std::unique_ptr<throughput::TableThroughput> throughput_;
  // When the table's transient status (CREATING, UPDATING, DELETING) ends, on the
  // database clock (ms); nullopt when none is pending.
  std::optional<std::int64_t> settle_at_ms_;
  sqlite::Statement get_, put_, delete_;
  // Range statements by shape (bounds present, direction), prepared on first use.
  std::map<int, sqlite::Statement> range_statements_;
  std::map<std::string, IndexState, std::less<>> indexes_;
};

// A Query's key range within one partition key, in stored (encoded) form.
struct SortKeyBound {
  std::string value;
  bool inclusive = true;
};
struct QueryRange {
  std::string pk;
  std::int64_t hash = 0;
  std::optional<SortKeyBound> lower, upper;
  bool forward = true;
  std::optional<std::string> exclusive_start_sk;  // resume after this sort key
  std::optional<IndexRowKey> index_start;          // on an index: resume after this entry
};

// A Scan's walk: partition-hash range [hash_begin, hash_end) (a parallel-scan segment)
// in (hash, pk, sk) order, resuming after a key.
struct ScanRange {
  std::int64_t hash_begin = 0;
  std::int64_t hash_end = INT64_MAX;  // exclusive; INT64_MAX also includes INT64_MAX itself
  std::optional<StoredKey> exclusive_start;
  std::optional<IndexRowKey> index_start;  // on an index: resume after this entry
};

// The hash range of parallel-scan segment `segment` of `total`.
ScanRange scan_segment(int segment, int total);

// A row as a range read yields it: the stored item (binary encoding) and its size.
struct RowView {
  std::string_view item;
  std::int64_t size;
  // Index reads: the table key of the entry (to fetch unprojected attributes).
  std::string_view tpk, tsk;
};
// Return false to stop the walk.
using RowFn = std::function<model::Result<bool>(const RowView& row)>;

// What a write did: the item before and after (either may be absent).
struct WriteResult {
  std::optional<model::Item> old_item;
  std::optional<model::Item> new_item;
  // Tables with LSIs: the size of the written item's collection after the write.
  std::optional<std::int64_t> item_collection_bytes;
};

// Computes the new item from the old one (nullptr: no item). Returning nullopt deletes;
// returning an error aborts the write with nothing changed.
using ApplyFn = std::function<model::Result<std::optional<model::Item>>(const model::Item* old)>;

struct DatabaseOptions {
  // Capacity simulation: limits, burst, and whether throttling is on.
  throughput::ThroughputOptions throughput;
  // The time source of the token buckets; nullptr: a steady clock of the database's own.
  // Must outlive the database.
  const throughput::Clock* clock = nullptr;
  // -delayTransientStatuses: how long (ms) a new table stays CREATING, an updated one
  // UPDATING, a deleted one DELETING, and a new global index CREATING at least. 0: table
  // changes complete at once (the table is ACTIVE, or gone, from the next request on).
  std::int64_t transient_ms = 0;
  // The size an LSI item collection (a table's items with one partition key, plus their
  // LSI entries) may reach: 10 GB in DynamoDB, smaller so a test can reach it.
  std::int64_t item_collection_limit_bytes = 10LL * 1024 * 1024 * 1024;
};

class Database {
 public:
  // path ":memory:" is a private in-memory database.
  static model::Result<std::unique_ptr<Database>> open(const std::string& path,
                                                       DatabaseOptions options = {});
  // Applies every pending GSI update (a clean close leaves no index behind its table).
  ~Database();

  // Catalog. create_table assigns storage and fails with ResourceInUseException. With
  // transient delays the table starts CREATING (its GSIs too) and turns ACTIVE later.
  model::Result<Table*> create_table(TableInfo info);
  // A table whose transient status has run out is settled first (made ACTIVE, or dropped
  // when it was DELETING).
  Table* find_table(std::string_view name);
  // DeleteTable: drops the table, or with transient delays marks it DELETING and drops it
  // once the delay has passed.
  model::Result<void> delete_table(std::string_view name);
  model::Result<void> update_table_info(Table& table, TableInfo info);
  // UpdateTable: with transient delays the table reports UPDATING for a while (its new
  // settings apply at once); without, nothing changes.
  model::Result<void> mark_updating(Table& table);
  // All table names in DynamoDB's order (byte order).
  std::vector<std::string> table_names();
  const DatabaseOptions& options() const { return options_; }

  // Items.
  model::Result<std::optional<model::Item>> get_item(Table& table, const StoredKey& key);
  // Atomic read-apply-write of one item.
  model::Result<WriteResult> write_item(Table& table, const StoredKey& key, const ApplyFn& apply);

  // Range reads, in DynamoDB's order; fn sees each row until it returns false.
  model::Result<void> query(Table& table, const QueryRange& range, const RowFn& fn);
  model::Result<void> scan(Table& table, const ScanRange& range, const RowFn& fn);

  // Index reads, in the index's key order (then the table key's).
  model::Result<void> query_index(Table& table, std::string_view index, const QueryRange& range,
                                  const RowFn& fn);
  model::Result<void> scan_index(Table& table, std::string_view index, const ScanRange& range,
                                 const RowFn& fn);
  // An item by its stored table key (for an LSI's unprojected attributes).
  model::Result<std::optional<model::Item>> get_item_by_stored(Table& table, std::string_view pk,
                                                               std::string_view sk);

  // Online index changes: a new GSI starts CREATING and is backfilled by backfill_step();
  // a deleted one is dropped at once.
  model::Result<void> create_global_index(Table& table, IndexInfo index);
  model::Result<void> delete_global_index(Table& table, std::string_view name);

  // GSI propagation. Writes reach global indexes `lag_ms` after the write (0: before the
  // write returns), applied in write order, exactly once: pending updates wait in memory,
  // then the index thread applies them; a close applies what is left, and after a crash
  // the next open rebuilds every GSI from its table.
  void set_index_lag_ms(std::int64_t lag_ms) { index_lag_ms_ = lag_ms; }
  void set_clock(std::function<std::int64_t()> now_ms) { now_ms_ = std::move(now_ms); }
  // Applies the pending updates due by now (all of them when `all`), then backfills up to
  // `backfill_budget` items of CREATING indexes. Returns the time (ms) of the next pending
  // update, or nullopt when nothing is pending; `busy` tells whether backfills remain.
  model::Result<std::optional<std::int64_t>> apply_index_updates(bool all,
                                                                 std::size_t backfill_budget,
                                                                 bool& busy);
  std::int64_t pending_index_updates() const {
    return pending_changes_ + applier_->in_flight();
  }
  // Of those, the ones handed to the index thread (due, being applied).
  std::int64_t index_updates_in_flight() const { return applier_->in_flight(); }
  // When apply_index_updates() next has work: the earliest due update or transient status
  // change (ms), or now for a backfill in progress; nullopt when idle.
  std::optional<std::int64_t> next_wake_ms() const;

  // Runs fn inside one SQLite transaction (committed if fn succeeds, rolled back if not).
  model::Result<void> transaction(const std::function<model::Result<void>()>& fn);

 private:
  Database(std::unique_ptr<sqlite::Connection> conn, DatabaseOptions options);
  model::Result<void> init_schema(bool in_memory);
  model::Result<void> load_catalog();
  model::Result<void> refresh_counters();
  // Every GSI emptied and filled again from its table (after a crash or an upgrade).
  model::Result<void> rebuild_global_indexes();
  // After index updates failed to apply: drops every update not yet applied and rebuilds
  // every GSI from its table, which holds them all.
  model::Result<void> repair_global_indexes(const model::Error& cause);
  // The bytes of one item collection: the items with this partition key and their LSI
  // entries.
  model::Result<std::int64_t> item_collection_size(Table& table, const StoredKey& key);
  model::Result<void> prepare_table(Table& table);
  model::Result<void> save_catalog_entry(const TableInfo& info);
  void start_throughput(Table& table);
  std::int64_t range_bytes(std::int64_t storage_id, std::int64_t begin, std::int64_t end);
  model::Result<void> drop_table(std::string_view name);
  std::int64_t clock_ms() const;
  void schedule_settle(Table& table);
  // Ends a transient status that has run out; false when the table was dropped.
  model::Result<bool> settle(Table& table);
  model::Result<void> settle_all();
  model::Result<sqlite::Statement*> range_statement(Table& table, int shape);
  model::Result<void> walk(sqlite::Statement& stmt, const RowFn& fn, bool with_table_key);
  // Indexes (database_indexes.cc).
  model::Result<void> prepare_indexes(Table& table);
  model::Result<void> create_index_storage(const IndexInfo& index);
  // key: the item's table key; new_blob/new_size: the new item's encoding (taken: ALL
  // projections share it) and size, old_size the old item's.
  model::Result<void> maintain_indexes(Table& table, const StoredKey& key,
                                       const model::Item* old_item, const model::Item* new_item,
                                       std::string&& new_blob, std::int64_t new_size,
                                       std::int64_t old_size);
  // An LSI's change, in the write's transaction.
  model::Result<void> apply_index_change(IndexState& index,
                                         const std::optional<IndexRowKey>& old_key,
                                         const std::optional<IndexEntry>& new_entry);
  // After a commit: the committed transaction's GSI changes join the pending ones (or,
  // without lag, are applied before the write returns).
  model::Result<void> flush_index_changes();
  // Fills a GSI's store from its table, up to `budget` items from `cursor` on (applied at
  // once); false while items remain.
  model::Result<bool> fill_global_index(Table& table, IndexState& index,
                                        std::optional<StoredKey>& cursor, std::size_t& budget);
  model::Result<bool> backfill_step(Table& table, IndexState& index, std::size_t& budget);
  model::Result<sqlite::Statement*> index_range_statement(IndexState& index, int shape);

  std::unique_ptr<sqlite::Connection> conn_;
  std::unique_ptr<GsiApplier> applier_;
  DatabaseOptions options_;
  throughput::SteadyClock own_clock_;
  std::map<std::string, std::unique_ptr<Table>, std::less<>> tables_;
  std::int64_t next_storage_id_ = 1;
  int transaction_depth_ = 0;
  std::int64_t index_lag_ms_ = 0;
  std::function<std::int64_t()> now_ms_;
  // GSI changes waiting for their time (ms, on the clock), by write, in write order, and
  // how many they are; and those of the transaction in progress.
  struct PendingWrite {
    std::int64_t due;
    std::vector<GsiChange> changes;
  };
  std::deque<PendingWrite> pending_;
  std::int64_t pending_changes_ = 0;
  std::vector<GsiChange> txn_changes_;
  // Every pending change, in order, taken out of pending_.
  std::vector<GsiChange> take_pending();
  // BEGIN IMMEDIATE / COMMIT, prepared once: every write runs them.
  std::unique_ptr<sqlite::Statement> begin_, commit_;
  bool backfilling_ = false;
  bool rebuild_global_indexes_ = false;  // set at open: a version 2 file
  std::int64_t pending_settles_ = 0;  // tables with a transient status in progress
};

}  // namespace drydock::storage
