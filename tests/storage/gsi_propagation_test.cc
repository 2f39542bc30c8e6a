// Pins GSI propagation: changes wait for the lag (on the database's clock), then the index
// thread applies them in write order; no lag applies them before the write returns; a
// rolled-back write sends nothing; a clean close applies what is pending; a missing or
// uncleanly closed index database, and a version 2 file, get their GSIs rebuilt from the
// tables at open.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "model/binary_codec.h"
#include "model/item_size.h"
#include "storage/database.h"
#include "storage/indexes.h"
#include "storage/key_codec.h"
#include "tests/storage/temp_dir.h"

namespace drydock::storage {
namespace {

using model::AttributeValue;
using model::Item;

TableInfo users_table() {
  TableInfo info;
  info.name = "Sessions";
  info.id = "id-1";
  info.arn = "arn:aws:dynamodb:us-east-1:000000000000:table/Sessions";
  info.key.hash = {"sid", model::Type::S};
  info.attribute_definitions = {{"sid", model::Type::S}, {"user", model::Type::S}};
  info.billing_mode = BillingMode::PAY_PER_REQUEST;
  IndexInfo gsi;
  gsi.name = "user_index";
  gsi.key.hash = {"user", model::Type::S};
  gsi.global = true;
  info.global_indexes.push_back(gsi);
  return info;
}

Item session(const std::string& sid, const std::string& user) {
  return Item{{"sid", AttributeValue::string(sid)}, {"user", AttributeValue::string(user)}};
}

StoredKey key_for(const std::string& sid) {
  return make_stored_key(AttributeValue::string(sid), nullptr);
}

ApplyFn put(Item item) {
  return [item](const Item*) { return model::Result<std::optional<Item>>(item); };
}

struct Fixture {
  std::int64_t now_ms = 1'000'000;
  std::unique_ptr<Database> db;
  Table* table = nullptr;

  explicit Fixture(std::int64_t lag_ms, const std::string& path = ":memory:", bool create = true) {
    auto opened = Database::open(path);
    EXPECT_TRUE(opened.has_value()) << opened.error().message;
    db = std::move(*opened);
    db->set_clock([this] { return now_ms; });
    db->set_index_lag_ms(lag_ms);
    if (create) {
      auto t = db->create_table(users_table());
      EXPECT_TRUE(t.has_value()) << t.error().message;
      table = *t;
    } else {
      table = db->find_table("Sessions");
    }
  }

  // The table keys of the index entries under one user, in index order.
  std::vector<std::string> sessions_of(const std::string& user) {
    QueryRange range;
    range.pk = encode_key_value(AttributeValue::string(user));
    range.hash = partition_hash(range.pk);
    std::vector<std::string> out;
    auto r = db->query_index(*table, "user_index", range, [&](const RowView& row) {
      auto item = model::decode_item(row.item);
      EXPECT_TRUE(item.has_value());
      out.push_back(item->at("sid").scalar());
      return model::Result<bool>(true);
    });
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return out;
  }

  // One background pass, then waits (bounded) for the index thread to apply what it got.
  void propagate() {
    bool busy = false;
    auto r = db->apply_index_updates(false, 100, busy);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (db->index_updates_in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(db->index_updates_in_flight(), 0);
  }
};

TEST(GsiPropagation, ChangesWaitForTheLagThenApplyInWriteOrder) {
  Fixture f(100);
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s1"), put(session("s1", "u42"))).has_value());
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s2"), put(session("s2", "u42"))).has_value());
  EXPECT_EQ(f.db->pending_index_updates(), 2);
  EXPECT_EQ(f.db->next_wake_ms(), f.now_ms + 100);
  f.now_ms += 99;
  f.propagate();
  EXPECT_TRUE(f.sessions_of("u42").empty());  // stale within the lag
  f.now_ms += 1;
  f.propagate();
  EXPECT_EQ(f.sessions_of("u42"), (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(f.db->pending_index_updates(), 0);
  EXPECT_EQ(f.table->index("user_index")->item_count(), 2);

  // A move to another user: the old entry stays until the change is due.
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s1"), put(session("s1", "u7"))).has_value());
  EXPECT_EQ(f.sessions_of("u42"), (std::vector<std::string>{"s1", "s2"}));
  EXPECT_TRUE(f.sessions_of("u7").empty());
  bool busy = false;
  ASSERT_TRUE(f.db->apply_index_updates(true, 100, busy).has_value());  // all, at once
  EXPECT_EQ(f.sessions_of("u42"), (std::vector<std::string>{"s2"}));
  EXPECT_EQ(f.sessions_of("u7"), (std::vector<std::string>{"s1"}));
  EXPECT_EQ(f.table->index("user_index")->item_count(), 2);
}

TEST(GsiPropagation, ManyChangesToOneItemEndInItsLastState) {
  Fixture f(10);
  for (int i = 0; i < 500; ++i) {
    std::string user = "u" + std::to_string(i % 7);
    ASSERT_TRUE(f.db->write_item(*f.table, key_for("s"), put(session("s", user))).has_value());
    if (i % 50 == 0) {
      f.now_ms += 10;
      f.propagate();
    }
  }
  bool busy = false;
  ASSERT_TRUE(f.db->apply_index_updates(true, 100, busy).has_value());
  for (int u = 0; u < 7; ++u) {
    auto expected = u == 499 % 7 ? std::vector<std::string>{"s"} : std::vector<std::string>{};
    EXPECT_EQ(f.sessions_of("u" + std::to_string(u)), expected) << u;
  }
  EXPECT_EQ(f.table->index("user_index")->item_count(), 1);
  // Each move removed an entry of the size its write computed: what is left is exactly
  // the last item's.
  EXPECT_EQ(f.table->index("user_index")->size_bytes(),
            static_cast<std::int64_t>(model::item_size(session("s", "u" + std::to_string(499 % 7)))));
}

TEST(GsiPropagation, WithoutLagTheIndexIsCurrentWhenTheWriteReturns) {
  Fixture f(0);
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s1"), put(session("s1", "u1"))).has_value());
  EXPECT_EQ(f.sessions_of("u1"), std::vector<std::string>{"s1"});
  EXPECT_EQ(f.db->pending_index_updates(), 0);
  // Switching to no lag at run time applies what waits first, in order.
  f.db->set_index_lag_ms(1000);
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s1"), put(session("s1", "u2"))).has_value());
  f.db->set_index_lag_ms(0);
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s2"), put(session("s2", "u2"))).has_value());
  EXPECT_TRUE(f.sessions_of("u1").empty());
  EXPECT_EQ(f.sessions_of("u2"), (std::vector<std::string>{"s1", "s2"}));
}

TEST(GsiPropagation, RolledBackWriteSendsNothing) {
  Fixture f(0);
  auto failed = f.db->transaction([&]() -> model::Result<void> {
    auto w = f.db->write_item(*f.table, key_for("s1"), put(session("s1", "u1")));
    if (!w) return std::unexpected(w.error());
    return model::fail(model::ErrorCode::ConditionalCheckFailedException, "no");
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_TRUE(f.sessions_of("u1").empty());
  EXPECT_EQ(f.db->pending_index_updates(), 0);
  EXPECT_EQ(f.table->index("user_index")->item_count(), 0);
}

TEST(GsiPropagation, DeletedIndexSkipsItsPendingChanges) {
  Fixture f(1000);
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s1"), put(session("s1", "u1"))).has_value());
  ASSERT_TRUE(f.db->delete_global_index(*f.table, "user_index").has_value());
  bool busy = false;
  ASSERT_TRUE(f.db->apply_index_updates(true, 100, busy).has_value());
  EXPECT_EQ(f.db->pending_index_updates(), 0);
  EXPECT_EQ(f.table->index("user_index"), nullptr);
}

TEST(GsiPropagation, CleanCloseAppliesWhatIsPending) {
  TempDir dir;
  {
    Fixture f(3'600'000, dir.file("ns.db"));
    for (const char* s : {"s1", "s2", "s3"}) {
      ASSERT_TRUE(f.db->write_item(*f.table, key_for(s), put(session(s, "u42"))).has_value());
    }
    EXPECT_TRUE(f.sessions_of("u42").empty());
  }
  EXPECT_TRUE(std::filesystem::exists(dir.file("ns.db-gsi")));
  Fixture f(3'600'000, dir.file("ns.db"), false);
  ASSERT_NE(f.table, nullptr);
  EXPECT_EQ(f.sessions_of("u42"), (std::vector<std::string>{"s1", "s2", "s3"}));
  EXPECT_EQ(f.table->index("user_index")->item_count(), 3);
}

void exec_on(const std::string& path, const char* sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(raw, sql, nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(raw);
}

TEST(GsiPropagation, UncleanIndexDatabaseIsRebuiltFromTheTables) {
  TempDir dir;
  {
    Fixture f(0, dir.file("ns.db"));
    for (const char* s : {"s1", "s2"}) {
      ASSERT_TRUE(f.db->write_item(*f.table, key_for(s), put(session(s, "u42"))).has_value());
    }
  }
  // As a crash leaves it: not marked clean, and an entry no write produced.
  exec_on(dir.file("ns.db-gsi"),
          "UPDATE drydock_gsi_meta SET value = '0' WHERE key = 'clean';"
          "DELETE FROM idx_2;"
          "INSERT INTO idx_2 VALUES (1, x'01', x'', x'02', x'', 5, x'00')");
  {
    Fixture f(0, dir.file("ns.db"), false);
    EXPECT_EQ(f.sessions_of("u42"), (std::vector<std::string>{"s1", "s2"}));
    EXPECT_EQ(f.table->index("user_index")->item_count(), 2);
  }
  // A missing index database too.
  std::filesystem::remove(dir.file("ns.db-gsi"));
  Fixture f(0, dir.file("ns.db"), false);
  EXPECT_EQ(f.sessions_of("u42"), (std::vector<std::string>{"s1", "s2"}));
}

// Puts into the index table the entry a write of this session would make, so that the
// write's index update fails on the duplicate.
void plant_entry(const std::string& gsi_path, const Item& item) {
  TableInfo info = users_table();
  auto key = index_entry_key(info, info.global_indexes[0], item);
  ASSERT_TRUE(key.has_value());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(gsi_path.c_str(), &raw,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, nullptr),
            SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "INSERT INTO idx_2 VALUES (?1, ?2, ?3, ?4, ?5, 1, x'00')", -1,
                               &stmt, nullptr),
            SQLITE_OK);
  sqlite3_bind_int64(stmt, 1, key->hash);
  int i = 2;
  for (const std::string* part : {&key->ipk, &key->isk, &key->tpk, &key->tsk}) {
    sqlite3_bind_blob(stmt, i++, part->data(), static_cast<int>(part->size()), SQLITE_TRANSIENT);
  }
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

// A file (WAL), and memory (no journal: the batch cannot be rolled back). A memdb whose
// name starts with "/" is shared, so the test can reach it.
class FailedBatch : public ::testing::TestWithParam<bool> {};

TEST_P(FailedBatch, OfTheIndexThreadIsRepairedFromTheTables) {
  TempDir dir;
  bool in_memory = GetParam();
  std::string path = in_memory ? "file:/failed-batch-test?vfs=memdb" : dir.file("ns.db");
  std::string gsi_path = in_memory ? "file:/failed-batch-test-gsi?vfs=memdb" : path + "-gsi";
  Fixture f(10, path);
  for (const char* s : {"s1", "s2"}) {
    ASSERT_TRUE(f.db->write_item(*f.table, key_for(s), put(session(s, "u42"))).has_value());
  }
  f.now_ms += 10;
  f.propagate();
  ASSERT_EQ(f.sessions_of("u42"), (std::vector<std::string>{"s1", "s2"}));
  plant_entry(gsi_path, session("s3", "u7"));
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s3"), put(session("s3", "u7"))).has_value());
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s1"), put(session("s1", "u9"))).has_value());
  f.now_ms += 10;
  f.propagate();  // the thread's batch fails on the planted entry
  f.propagate();  // the next pass rebuilds the index from the table
  EXPECT_EQ(f.sessions_of("u42"), std::vector<std::string>{"s2"});
  EXPECT_EQ(f.sessions_of("u7"), std::vector<std::string>{"s3"});
  EXPECT_EQ(f.sessions_of("u9"), std::vector<std::string>{"s1"});
  EXPECT_EQ(f.table->index("user_index")->item_count(), 3);
  EXPECT_EQ(f.db->pending_index_updates(), 0);
}

INSTANTIATE_TEST_SUITE_P(GsiPropagation, FailedBatch, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "InMemory" : "InAFile"; });

TEST(GsiPropagation, AFailedUpdateWithoutLagIsRepairedBeforeTheWriteReturns) {
  TempDir dir;
  Fixture f(0, dir.file("ns.db"));
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s1"), put(session("s1", "u42"))).has_value());
  plant_entry(dir.file("ns.db-gsi"), session("s2", "u42"));
  ASSERT_TRUE(f.db->write_item(*f.table, key_for("s2"), put(session("s2", "u42"))).has_value());
  EXPECT_EQ(f.sessions_of("u42"), (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(f.table->index("user_index")->item_count(), 2);
}

TEST(GsiPropagation, UpgradesAVersion2File) {
  TempDir dir;
  {
    Fixture f(0, dir.file("ns.db"));
    ASSERT_TRUE(f.db->write_item(*f.table, key_for("s1"), put(session("s1", "u42"))).has_value());
  }
  // Version 2 kept GSI tables and the propagation queue in the table database.
  std::filesystem::remove(dir.file("ns.db-gsi"));
  exec_on(dir.file("ns.db"),
          "UPDATE drydock_meta SET value = '2' WHERE key = 'format_version';"
          "CREATE TABLE drydock_index_queue (seq INTEGER PRIMARY KEY, x BLOB);"
          "CREATE TABLE idx_2 (hash INTEGER)");
  {
    Fixture f(0, dir.file("ns.db"), false);
    ASSERT_NE(f.table, nullptr);
    EXPECT_EQ(f.sessions_of("u42"), std::vector<std::string>{"s1"});
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("ns.db").c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw,
                               "SELECT (SELECT value FROM drydock_meta WHERE key = "
                               "'format_version'), (SELECT count(*) FROM sqlite_master WHERE "
                               "name IN ('drydock_index_queue', 'idx_2'))",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "3");
  EXPECT_EQ(sqlite3_column_int(stmt, 1), 0);
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

}  // namespace
}  // namespace drydock::storage
