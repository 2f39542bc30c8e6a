// Thin RAII wrappers over the SQLite C API: a connection and reusable prepared
// statements. The only place (with storage/) that includes sqlite3.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "model/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace drydock::storage::sqlite {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding: 1-based indices, as SQLite. Text and blobs are bound without copying:
  // REQUIRES: the bound memory outlives the step()s that use it.
  Statement& bind(int index, std::int64_t value);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_text(int index, std::string_view text);
  Statement& bind_null(int index);

  // Returns true while a row is available, false when done; an SQLite failure is an
  // InternalFailure error.
  model::Result<bool> step();
  // Runs to completion (for statements without rows).
  model::Result<void> run();
  // Resets so the statement can be re-bound and re-run; clears bindings.
  void reset();

  std::int64_t column_int(int index) const;
  std::string_view column_blob(int index) const;
  std::string_view column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when leaving scope, so cached statements never hold read locks.
class StatementScope {
 public:
  explicit StatementScope(Statement& s) : s_(s) {}
  ~StatementScope() { s_.reset(); }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;

 private:
  Statement& s_;
};

class Connection {
 public:
  // path ":memory:" opens a private in-memory database.
  static model::Result<std::unique_ptr<Connection>> open(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  model::Result<void> exec(std::string_view sql);
  model::Result<Statement> prepare(std::string_view sql);
  std::int64_t changes() const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// Wraps an SQLite error code and message into an InternalFailure.
model::Error sqlite_error(sqlite3* db, std::string_view what);

}  // namespace drydock::storage::sqlite
