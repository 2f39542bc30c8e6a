// Pins storage behaviour: catalog and items persist across reopen, the format version is
// checked, writes are atomic read-apply-write, counters follow writes.
#include "storage/database.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "tests/storage/temp_dir.h"

namespace drydock::storage {
namespace {

using model::AttributeValue;
using model::Item;

TableInfo sessions_table() {
  TableInfo info;
  info.name = "Sessions";
  info.id = "id-1";
  info.arn = "arn:aws:dynamodb:us-east-1:000000000000:table/Sessions";
  info.key.hash = {"session_id", model::Type::S};
  info.attribute_definitions = {{"session_id", model::Type::S}};
  info.billing_mode = BillingMode::PAY_PER_REQUEST;
  return info;
}

Item session(const std::string& id, const std::string& data) {
  return Item{{"session_id", AttributeValue::string(id)},
              {"session_data", AttributeValue::string(data)},
              {"user_id", AttributeValue::number("42")}};
}

StoredKey key_for(const std::string& id) {
  return make_stored_key(AttributeValue::string(id), nullptr);
}

ApplyFn put(Item item) {
  return [item](const Item*) { return model::Result<std::optional<Item>>(item); };
}

TEST(Database, ItemsAndCatalogSurviveReopen) {
  TempDir dir;
  {
    auto db = Database::open(dir.file("ns.db"));
    ASSERT_TRUE(db.has_value()) << db.error().message;
    auto table = (*db)->create_table(sessions_table());
    ASSERT_TRUE(table.has_value());
    ASSERT_TRUE((*db)->write_item(**table, key_for("a"), put(session("a", "one"))).has_value());
    ASSERT_TRUE((*db)->write_item(**table, key_for("b"), put(session("b", "two"))).has_value());
  }
  auto db = Database::open(dir.file("ns.db"));
  ASSERT_TRUE(db.has_value()) << db.error().message;
  Table* table = (*db)->find_table("Sessions");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->info().key.hash.name, "session_id");
  EXPECT_EQ(table->info().billing_mode, BillingMode::PAY_PER_REQUEST);
  EXPECT_EQ(table->item_count(), 2);
  auto got = (*db)->get_item(*table, key_for("b"));
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, session("b", "two"));
}

TEST(Database, InMemoryDatabasesAreNotCappedAtOneGiB) {
  // SQLite's memdb stops at 1 GiB unless told otherwise; opening a database tells it.
  auto db = Database::open("file:cap-test?vfs=memdb");
  ASSERT_TRUE(db.has_value()) << db.error().message;
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2("file:cap-probe?vfs=memdb", &raw,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr),
            SQLITE_OK);
  sqlite3_int64 limit = -1;  // asks for the current limit
  ASSERT_EQ(sqlite3_file_control(raw, "main", SQLITE_FCNTL_SIZE_LIMIT, &limit), SQLITE_OK);
  EXPECT_GE(limit, sqlite3_int64{1} << 40);
  sqlite3_close(raw);
}

TEST(Database, RejectsAnUnknownFormatVersion) {
  TempDir dir;
  { ASSERT_TRUE(Database::open(dir.file("v.db")).has_value()); }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("v.db").c_str(), &raw), SQLITE_OK);
  sqlite3_exec(raw, "UPDATE drydock_meta SET value = '999' WHERE key = 'format_version'", nullptr,
               nullptr, nullptr);
  sqlite3_close(raw);
  auto db = Database::open(dir.file("v.db"));
  ASSERT_FALSE(db.has_value());
  EXPECT_NE(db.error().message.find("format version 999"), std::string::npos);
}

TEST(Database, FailedApplyChangesNothing) {
  auto db = Database::open(":memory:");
  ASSERT_TRUE(db.has_value());
  auto table = (*db)->create_table(sessions_table());
  ASSERT_TRUE(table.has_value());
  ASSERT_TRUE((*db)->write_item(**table, key_for("a"), put(session("a", "one"))).has_value());
  auto failed = (*db)->write_item(**table, key_for("a"), [](const Item*) {
    return model::Result<std::optional<Item>>(
        std::unexpected(model::Error{model::ErrorCode::ConditionalCheckFailedException, "no"}));
  });
  ASSERT_FALSE(failed.has_value());
  auto got = (*db)->get_item(**table, key_for("a"));
  ASSERT_TRUE(got.has_value() && got->has_value());
  EXPECT_EQ(**got, session("a", "one"));
  EXPECT_EQ((*table)->item_count(), 1);
}

TEST(Database, WriteSeesOldItemAndDeleteUpdatesCounters) {
  auto db = Database::open(":memory:");
  auto table = (*db)->create_table(sessions_table());
  ASSERT_TRUE(table.has_value());
  ASSERT_TRUE((*db)->write_item(**table, key_for("a"), put(session("a", "one"))).has_value());
  auto replaced = (*db)->write_item(**table, key_for("a"), put(session("a", "two")));
  ASSERT_TRUE(replaced.has_value());
  ASSERT_TRUE(replaced->old_item.has_value());
  EXPECT_EQ(*replaced->old_item, session("a", "one"));
  EXPECT_EQ((*table)->item_count(), 1);
  auto deleted = (*db)->write_item(**table, key_for("a"), [](const Item*) {
    return model::Result<std::optional<Item>>(std::nullopt);
  });
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ((*table)->item_count(), 0);
  EXPECT_EQ((*table)->size_bytes(), 0);
}

TEST(Database, CatalogErrors) {
  auto db = Database::open(":memory:");
  ASSERT_TRUE((*db)->create_table(sessions_table()).has_value());
  auto again = (*db)->create_table(sessions_table());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, model::ErrorCode::ResourceInUseException);
  EXPECT_EQ(again.error().message, "Table already exists: Sessions");
  ASSERT_TRUE((*db)->delete_table("Sessions").has_value());
  EXPECT_EQ((*db)->find_table("Sessions"), nullptr);
  EXPECT_EQ((*db)->delete_table("Sessions").error().code,
            model::ErrorCode::ResourceNotFoundException);
}

}  // namespace
}  // namespace drydock::storage
