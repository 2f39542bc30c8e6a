// Database: one namespace's tables and items in one SQLite database (a file under
// -dbPath, or private memory with -inMemory). Not thread-safe: the server drives each
// Database from one thread (see server/README in DESIGN.md), which also makes every
// read-check-write atomic.
#pragma once

#include <cstdint>
#include <climits>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"
#include "model/error.h"
#include "storage/sqlite/connection.h"
#include "storage/table_info.h"

namespace drydock::storage {

// On-disk format version, stored in the database and checked at open.
constexpr int kStorageFormatVersion = 1;

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

class Table {
 public:
  const TableInfo& info() const { return info_; }
  std::int64_t item_count() const { return item_count_; }
  std::int64_t size_bytes() const { return size_bytes_; }

 private:
  friend class Database;
  TableInfo info_;
  std::int64_t item_count_ = 0;
  std::int64_t size_bytes_ = 0;
  sqlite::Statement get_, put_, delete_;
  // Range statements by shape (bounds present, direction), prepared on first use.
  std::map<int, sqlite::Statement> range_statements_;
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
};

// A Scan's walk: partition-hash range [hash_begin, hash_end) (a parallel-scan segment)
// in (hash, pk, sk) order, resuming after a key.
struct ScanRange {
  std::int64_t hash_begin = 0;
  std::int64_t hash_end = INT64_MAX;  // exclusive; INT64_MAX also includes INT64_MAX itself
  std::optional<StoredKey> exclusive_start;
};

// The hash range of parallel-scan segment `segment` of `total`.
ScanRange scan_segment(int segment, int total);

// A row as a range read yields it: the stored item (binary encoding) and its size.
struct RowView {
  std::string_view item;
  std::int64_t size;
};
// Return false to stop the walk.
using RowFn = std::function<model::Result<bool>(const RowView& row)>;

// What a write did: the item before and after (either may be absent).
struct WriteResult {
  std::optional<model::Item> old_item;
  std::optional<model::Item> new_item;
};

// Computes the new item from the old one (nullptr: no item). Returning nullopt deletes;
// returning an error aborts the write with nothing changed.
using ApplyFn = std::function<model::Result<std::optional<model::Item>>(const model::Item* old)>;

class Database {
 public:
  // path ":memory:" is a private in-memory database.
  static model::Result<std::unique_ptr<Database>> open(const std::string& path);

  // Catalog. create_table assigns storage and fails with ResourceInUseException.
  model::Result<Table*> create_table(TableInfo info);
  Table* find_table(std::string_view name);
  model::Result<void> delete_table(std::string_view name);
  model::Result<void> update_table_info(Table& table, TableInfo info);
  // All table names in DynamoDB's order (byte order).
  std::vector<std::string> table_names() const;

  // Items.
  model::Result<std::optional<model::Item>> get_item(Table& table, const StoredKey& key);
  // Atomic read-apply-write of one item.
  model::Result<WriteResult> write_item(Table& table, const StoredKey& key, const ApplyFn& apply);

  // Range reads, in DynamoDB's order; fn sees each row until it returns false.
  model::Result<void> query(Table& table, const QueryRange& range, const RowFn& fn);
  model::Result<void> scan(Table& table, const ScanRange& range, const RowFn& fn);

  // Runs fn inside one SQLite transaction (committed if fn succeeds, rolled back if not).
  model::Result<void> transaction(const std::function<model::Result<void>()>& fn);

 private:
  explicit Database(std::unique_ptr<sqlite::Connection> conn) : conn_(std::move(conn)) {}
  model::Result<void> init_schema();
  model::Result<void> load_catalog();
  model::Result<void> refresh_counters();
  model::Result<void> prepare_table(Table& table);
  model::Result<void> save_catalog_entry(const TableInfo& info);
  model::Result<sqlite::Statement*> range_statement(Table& table, int shape);
  model::Result<void> walk(sqlite::Statement& stmt, const RowFn& fn);

  std::unique_ptr<sqlite::Connection> conn_;
  std::map<std::string, std::unique_ptr<Table>, std::less<>> tables_;
  std::int64_t next_storage_id_ = 1;
  int transaction_depth_ = 0;
};

}  // namespace drydock::storage
