// Pins what the storage does for a table's life beyond its items: transient statuses with
// -delayTransientStatuses (CREATING, UPDATING, DELETING, then ACTIVE or gone, also across a
// reopen), and the table's throughput state (partitions from its throughput, reconfigured with
// it, data sizes followed by write_item, enforcement through the clock it is given).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "storage/database.h"

namespace drydock::storage {
namespace {

using model::AttributeValue;
using model::Item;

TableInfo orders_table(std::int64_t rcu, std::int64_t wcu) {
  TableInfo info;
  info.name = "Orders";
  info.id = "id-1";
  info.arn = "arn:aws:dynamodb:us-east-1:000000000000:table/Orders";
  info.key.hash = {"pk", model::Type::S};
  info.attribute_definitions = {{"pk", model::Type::S}, {"g", model::Type::S}};
  info.throughput.read = rcu;
  info.throughput.write = wcu;
  IndexInfo gsi;
  gsi.name = "by_g";
  gsi.key.hash = {"g", model::Type::S};
  gsi.global = true;
  gsi.throughput.read = 1;
  gsi.throughput.write = 1;
  info.global_indexes.push_back(gsi);
  return info;
}

StoredKey key_for(const std::string& pk) {
  return make_stored_key(AttributeValue::string(pk), nullptr);
}

ApplyFn put(Item item) {
  return [item](const Item*) { return model::Result<std::optional<Item>>(item); };
}

// A database whose ms clock the test moves.
struct Clocked {
  std::int64_t now_ms = 1'000'000;
  std::unique_ptr<Database> db;

  explicit Clocked(std::int64_t transient_ms, const std::string& path = ":memory:") {
    DatabaseOptions options;
    options.transient_ms = transient_ms;
    auto opened = Database::open(path, options);
    EXPECT_TRUE(opened.has_value()) << opened.error().message;
    db = std::move(*opened);
    db->set_clock([this] { return now_ms; });
  }
};

TEST(TableLifecycle, WithoutDelaysChangesAreImmediate) {
  Clocked c(0);
  auto table = c.db->create_table(orders_table(5, 5));
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ((*table)->info().status, "ACTIVE");
  ASSERT_TRUE(c.db->mark_updating(**table).has_value());
  EXPECT_EQ((*table)->info().status, "ACTIVE");
  ASSERT_TRUE(c.db->delete_table("Orders").has_value());
  EXPECT_EQ(c.db->find_table("Orders"), nullptr);
  EXPECT_EQ(c.db->next_wake_ms(), std::nullopt);
}

TEST(TableLifecycle, TransientStatusesLastTheDelay) {
  Clocked c(500);
  auto created = c.db->create_table(orders_table(5, 5));
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ((*created)->info().status, "CREATING");
  EXPECT_EQ((*created)->info().global_indexes[0].status, "CREATING");
  EXPECT_EQ(c.db->next_wake_ms(), c.now_ms + 500);
  c.now_ms += 499;
  EXPECT_EQ(c.db->find_table("Orders")->info().status, "CREATING");
  c.now_ms += 1;
  Table* table = c.db->find_table("Orders");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->info().status, "ACTIVE");
  EXPECT_EQ(table->info().global_indexes[0].status, "ACTIVE");
  EXPECT_EQ(c.db->next_wake_ms(), std::nullopt);

  ASSERT_TRUE(c.db->mark_updating(*table).has_value());
  EXPECT_EQ(table->info().status, "UPDATING");
  c.now_ms += 500;
  EXPECT_EQ(c.db->find_table("Orders")->info().status, "ACTIVE");

  ASSERT_TRUE(c.db->delete_table("Orders").has_value());
  EXPECT_EQ(c.db->find_table("Orders")->info().status, "DELETING");
  EXPECT_EQ(c.db->table_names(), std::vector<std::string>{"Orders"});
  auto again = c.db->create_table(orders_table(5, 5));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, model::ErrorCode::ResourceInUseException);
  c.now_ms += 500;
  // The background work drops it too, without a request naming the table.
  bool busy = false;
  ASSERT_TRUE(c.db->apply_index_updates(false, 10, busy).has_value());
  EXPECT_TRUE(c.db->table_names().empty());
  EXPECT_EQ(c.db->find_table("Orders"), nullptr);
  EXPECT_TRUE(c.db->create_table(orders_table(5, 5)).has_value());
}

TEST(TableLifecycle, TransientStatusesEndAtReopen) {
  auto dir =
      std::filesystem::temp_directory_path() / ("drydock-lifecycle-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "ns.db").string();
  {
    Clocked c(60'000, path);
    ASSERT_TRUE(c.db->create_table(orders_table(5, 5)).has_value());
    TableInfo other = orders_table(5, 5);
    other.name = "Gone";
    ASSERT_TRUE(c.db->create_table(other).has_value());
    ASSERT_TRUE(c.db->delete_table("Gone").has_value());
    EXPECT_EQ(c.db->find_table("Gone")->info().status, "DELETING");
  }
  {
    Clocked c(60'000, path);
    EXPECT_EQ(c.db->find_table("Orders")->info().status, "ACTIVE");
    EXPECT_EQ(c.db->find_table("Orders")->info().global_indexes[0].status, "ACTIVE");
    EXPECT_EQ(c.db->find_table("Gone"), nullptr);
  }
  std::filesystem::remove_all(dir);
}

TEST(TableThroughputWiring, PartitionsFollowThroughputAndData) {
  throughput::ManualClock clock;
  DatabaseOptions options;
  options.clock = &clock;
  options.throughput.enforce = true;
  auto db = Database::open(":memory:", options);
  ASSERT_TRUE(db.has_value());
  auto table = (*db)->create_table(orders_table(1, 3000));
  ASSERT_TRUE(table.has_value());
  auto state = (*table)->throughput().state();
  EXPECT_TRUE(state.enforcing);
  EXPECT_EQ(state.table.partitions.size(), 4u);  // ceil(1/3,000 + 3,000/1,000)
  ASSERT_EQ(state.global_indexes.size(), 1u);
  EXPECT_EQ(state.global_indexes[0].write_units_per_second, 1);

  // Item sizes reach the partitions through write_item, deletes included.
  for (int i = 0; i < 20; ++i) {
    std::string pk = "k" + std::to_string(i);
    Item item{{"pk", AttributeValue::string(pk)}, {"v", AttributeValue::string("0123456789")}};
    ASSERT_TRUE((*db)->write_item(**table, key_for(pk), put(item)).has_value());
  }
  ASSERT_TRUE((*db)
                  ->write_item(**table, key_for("k0"),
                               [](const Item*) { return model::Result<std::optional<Item>>(); })
                  .has_value());
  std::int64_t tracked = 0;
  for (const auto& p : (*table)->throughput().state().table.partitions) tracked += p.bytes;
  EXPECT_EQ(tracked, (*table)->size_bytes());

  // New throughput and a new GSI set reach the table's throughput state at once.
  TableInfo next = (*table)->info();
  next.throughput.write = 10;
  next.global_indexes.clear();
  ASSERT_TRUE((*db)->update_table_info(**table, next).has_value());
  state = (*table)->throughput().state();
  EXPECT_EQ(state.table.write_units_per_second, 10);
  EXPECT_EQ(state.table.write_capacity, 3000);   // 300 seconds of burst
  EXPECT_EQ(state.table.partitions.size(), 4u);  // partitions never merge
  EXPECT_TRUE(state.global_indexes.empty());

  // The clock given is the one the buckets read: spend a partition's second of capacity,
  // then wait for more.
  ASSERT_TRUE((*table)->throughput().charge_write(key_for("x").hash, 1000).has_value());
  EXPECT_FALSE((*table)->throughput().charge_write(key_for("x").hash, 1).has_value());
  clock.advance_seconds(1);
  EXPECT_TRUE((*table)->throughput().charge_write(key_for("x").hash, 1).has_value());
}

}  // namespace
}  // namespace drydock::storage
