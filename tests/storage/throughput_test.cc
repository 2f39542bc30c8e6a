// Pins drydock's capacity arithmetic to the figures of the DynamoDB Developer Guide, and the
// simulated partitions, burst capacity and throttling to DynamoDB's documented behaviour. Every
// test runs on a ManualClock: no real time passes.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/item_size.h"
#include "model/number.h"
#include "storage/key_codec.h"
#include "storage/throughput/account_limits.h"
#include "storage/throughput/capacity_units.h"
#include "storage/throughput/clock.h"
#include "storage/throughput/consumed_capacity.h"
#include "storage/throughput/index_write_cost.h"
#include "storage/throughput/partition_map.h"
#include "storage/throughput/table_throughput.h"
#include "storage/throughput/throttle.h"
#include "storage/throughput/token_bucket.h"

namespace drydock::storage::throughput {
namespace {

using model::AttributeValue;
using model::Item;

constexpr std::int64_t KB = 1024;

AttributeValue s(std::string text) { return AttributeValue::string(std::move(text)); }
AttributeValue n(const char* text) {
  return AttributeValue::number(model::Number::parse(text)->to_string());
}
std::string filler(std::size_t bytes) { return std::string(bytes, 'a'); }
std::int64_t size_of(const Item& item) { return static_cast<std::int64_t>(model::item_size(item)); }

std::int64_t hash_of(const std::string& key) { return partition_hash(encode_key_value(s(key))); }

// ---------------------------------------------------------------------------------------------
// Capacity arithmetic: the Developer Guide's examples ("DynamoDB read and write operations",
// "Managing Throughput Settings on Provisioned Tables", transaction-apis, GSI.html, LSI.html).

TEST(CapacityUnits, ReadsRoundUpTo4KB) {
  // "Item sizes for reads are rounded up to the next 4 KB multiple. For example, reading a
  // 3,500-byte item consumes the same throughput as reading a 4 KB item."
  EXPECT_EQ(item_read_units(3500, ReadMode::kStrong), 1.0);
  EXPECT_EQ(item_read_units(4 * KB, ReadMode::kStrong), 1.0);
  EXPECT_EQ(item_read_units(4 * KB, ReadMode::kEventual), 0.5);
  EXPECT_EQ(item_read_units(4 * KB, ReadMode::kTransactional), 2.0);
  EXPECT_EQ(item_read_units(4 * KB + 1, ReadMode::kStrong), 2.0);
  EXPECT_EQ(item_read_units(4 * KB + 1, ReadMode::kEventual), 1.0);
  EXPECT_EQ(item_read_units(4 * KB + 1, ReadMode::kTransactional), 4.0);
  EXPECT_EQ(item_read_units(1, ReadMode::kEventual), 0.5);
  // "a strongly consistent read of an item that is 8 KB (4 KB x 2) consumes 2 read capacity units.
  // An eventually consistent read on that same item consumes only 1"; transactional: 4.
  EXPECT_EQ(item_read_units(8 * KB, ReadMode::kStrong), 2.0);
  EXPECT_EQ(item_read_units(8 * KB, ReadMode::kEventual), 1.0);
  EXPECT_EQ(item_read_units(8 * KB, ReadMode::kTransactional), 4.0);
  // "If you read an item of 10 KB, DynamoDB rounds the item size to 12 KB."
  EXPECT_EQ(item_read_units(10 * KB, ReadMode::kStrong), 3.0);
}

TEST(CapacityUnits, ReadOfMissingItemStillCosts) {
  // "If you perform a read operation on an item that does not exist, DynamoDB still consumes
  // provisioned read throughput: A strongly consistent read request consumes one read capacity
  // unit, while an eventually consistent read request consumes 0.5 of a read capacity unit."
  EXPECT_EQ(item_read_units(0, ReadMode::kStrong), 1.0);
  EXPECT_EQ(item_read_units(0, ReadMode::kEventual), 0.5);
  EXPECT_EQ(range_read_units(0, ReadMode::kEventual), 0.5);
}

TEST(CapacityUnits, WritesRoundUpTo1KB) {
  // "writing a 500-byte item consumes the same throughput as writing a 1 KB item"
  EXPECT_EQ(item_write_units(0, 500), 1.0);
  EXPECT_EQ(item_write_units(0, 512), 1.0);
  EXPECT_EQ(item_write_units(0, KB), 1.0);
  EXPECT_EQ(item_write_units(0, KB + 1), 2.0);
  // "if you put or delete an item of 1.6 KB, DynamoDB rounds the item size up to 2 KB"
  EXPECT_EQ(item_write_units(0, 1638), 2.0);
  EXPECT_EQ(item_write_units(1638, 0), 2.0);
  EXPECT_EQ(item_write_units(0, 400 * KB), 400.0);
}

TEST(CapacityUnits, UpdatesAndPutsChargeTheLargerItem) {
  // PutItem: "the item size that matters is the larger of the two"; UpdateItem: "the larger of the
  // 'before' and 'after' item sizes".
  EXPECT_EQ(item_write_units(3000, 500), 3.0);
  EXPECT_EQ(item_write_units(500, 3000), 3.0);
  // DeleteItem of an absent item still writes one unit.
  EXPECT_EQ(item_write_units(0, 0), 1.0);
}

TEST(CapacityUnits, FailedConditionalWrites) {
  // "If the item exists, the number of write capacity units consumed depends on the size of the
  // item ... If the item does not exist, DynamoDB will consume one write capacity unit."
  EXPECT_EQ(condition_failed_write_units(2 * KB, 100), 2.0);
  EXPECT_EQ(condition_failed_write_units(100, 2 * KB), 2.0);
  EXPECT_EQ(condition_failed_write_units(0, 5 * KB), 1.0);
}

TEST(CapacityUnits, BatchOperationsRoundEachItem) {
  // BatchGetItem "reads a 1.5 KB item and a 6.5 KB item, DynamoDB calculates the size as 12 KB
  // (4 KB + 8 KB), not 8 KB".
  double batch_get =
      item_read_units(1536, ReadMode::kStrong) + item_read_units(6656, ReadMode::kStrong);
  EXPECT_EQ(batch_get, 3.0);  // 12 KB strongly consistent
  // BatchWriteItem "writes a 500 byte item and a 3.5 KB item, DynamoDB calculates the size as 5 KB
  // (1 KB + 4 KB), not 4 KB".
  EXPECT_EQ(item_write_units(0, 500) + item_write_units(0, 3584), 5.0);
}

TEST(CapacityUnits, QueryAndScanSumThenRound) {
  // "suppose your query returns 10 items whose combined size is 40.8 KB. DynamoDB rounds the item
  // size for the operation to 44 KB."
  RangeReadMeter meter;
  for (int i = 0; i < 10; ++i) meter.add_row(4178);  // 41,780 bytes = 40.8 KB
  EXPECT_EQ(meter.row_units(ReadMode::kStrong), 11.0);
  EXPECT_EQ(meter.row_units(ReadMode::kEventual), 5.5);
  // "If a query returns 1500 items of 64 bytes each, the cumulative size is 96 KB": 96,000 bytes,
  // rounded up to 4 KB blocks, 24 of them.
  RangeReadMeter small;
  for (int i = 0; i < 1500; ++i) small.add_row(64);
  EXPECT_EQ(small.row_bytes(), 96000);
  EXPECT_EQ(small.row_units(ReadMode::kStrong), 24.0);
  // "For an eventually consistent read, if the total item size is 80 KB, the operation consumes
  // only 10 capacity units."
  EXPECT_EQ(range_read_units(80 * KB, ReadMode::kEventual), 10.0);
  // Items totalling 9 KB: 12 KB, 3 units strong.
  RangeReadMeter nine;
  for (int i = 0; i < 9; ++i) nine.add_row(KB);
  EXPECT_EQ(nine.row_units(ReadMode::kStrong), 3.0);
  // Scan: "DynamoDB considers the size of the items that are evaluated, not the size of the items
  // returned": every row walked is metered, whatever a filter keeps.
  RangeReadMeter scan;
  for (int i = 0; i < 8; ++i) scan.add_row(KB);  // 8 KB evaluated, say 1 returned
  EXPECT_EQ(scan.row_units(ReadMode::kStrong), 2.0);
}

TEST(CapacityUnits, GlobalIndexQueryExample) {
  // GSI.html: "each item contains 2000 bytes of data ... the query returns 8 items. The total size
  // of the matching items is 2000 bytes x 8 items = 16,000 bytes; this is then rounded up to the
  // nearest 4 KB boundary. Since global secondary index queries are eventually consistent, the
  // total cost is 0.5 x (16 KB / 4 KB), or 2 read capacity units."
  RangeReadMeter meter;
  for (int i = 0; i < 8; ++i) meter.add_row(2000);
  EXPECT_EQ(meter.row_units(ReadMode::kEventual), 2.0);
}

TEST(CapacityUnits, LocalIndexFetchExample) {
  // LSI.html: items of 300 bytes, 200 bytes projected, a query that fetches each of 4 items from
  // the table: "The size of the matching items in the index: 200 bytes x 4 items = 800 bytes; this
  // is then rounded up to 4 KB. The size of each matching item in the base table: (300 bytes,
  // rounded up to 4 KB) x 4 items = 16 KB. The total size of the data in the result is therefore
  // 20 KB."
  RangeReadMeter meter;
  for (int i = 0; i < 4; ++i) {
    meter.add_row(200);
    meter.add_fetch(300);
  }
  EXPECT_EQ(meter.row_units(ReadMode::kStrong), 1.0);
  EXPECT_EQ(meter.fetch_units(ReadMode::kStrong), 4.0);
  EXPECT_EQ(meter.row_units(ReadMode::kStrong) + meter.fetch_units(ReadMode::kStrong), 5.0);
  EXPECT_EQ(meter.row_units(ReadMode::kEventual) + meter.fetch_units(ReadMode::kEventual), 2.5);
  RangeReadMeter no_fetch;
  no_fetch.add_row(200);
  EXPECT_EQ(no_fetch.fetch_units(ReadMode::kStrong), 0.0);
}

TEST(CapacityUnits, TransactionsDouble) {
  // transaction-apis: "each transaction writes three 500-byte items ... Each item requires two
  // write capacity units (WCUs): one to prepare the transaction and one to commit the transaction.
  // Therefore, you would need to provision six WCUs"; reads likewise: "you would need to provision
  // six read capacity units (RCUs)".
  double writes = 0, reads = 0;
  for (int i = 0; i < 3; ++i) {
    writes += item_write_units(0, 500, /*transactional=*/true);
    reads += item_read_units(500, ReadMode::kTransactional);
  }
  EXPECT_EQ(writes, 6.0);
  EXPECT_EQ(reads, 6.0);
  EXPECT_EQ(item_write_units(KB, KB + 1, true), 4.0);
}

// Whole items at each boundary, sized by model::item_size (the Guide's "Item sizes and formats").
// Each boundary below was also confirmed against DynamoDB Local 1.25.1's ConsumedCapacity.
struct SizedItem {
  const char* what;
  Item item;
  std::int64_t expected_size;
};

std::vector<SizedItem> items_at_1kb_boundary(std::size_t extra) {
  std::vector<SizedItem> v;
  // "pk":"k" = 3 bytes.
  v.push_back({"string", {{"pk", s("k")}, {"x", s(filler(1020 + extra))}}, 1024});
  // Map: name + 3 + per entry (1 + key + value): 3 + 1 + 3 + (1 + 1 + N) = 9 + N.
  v.push_back({"map",
               {{"pk", s("k")}, {"m", AttributeValue::map({{"a", s(filler(1015 + extra))}})}},
               1024});
  // List: name + 3 + per element (1 + value): 3 + 1 + 3 + 1 + N = 8 + N.
  v.push_back(
      {"list", {{"pk", s("k")}, {"l", AttributeValue::list({s(filler(1016 + extra))})}}, 1024});
  // A map inside a list: 3 + 1 + 3 + (1 + 3 + (1 + 1 + N)) = 13 + N.
  v.push_back(
      {"nested",
       {{"pk", s("k")},
        {"l", AttributeValue::list({AttributeValue::map({{"a", s(filler(1011 + extra))}})})}},
       1024});
  // String set: the sum of its members: 3 + 1 + (N + 1) = 5 + N.
  v.push_back(
      {"string set",
       {{"pk", s("k")}, {"s", AttributeValue::set(model::Type::SS, {filler(1019 + extra), "b"})}},
       1024});
  // Number set {12345, 1}: (5 digits -> 3 + 1) + (1 digit -> 1 + 1) = 6: 3 + 1 + 6 + 1 + N.
  v.push_back({"number set",
               {{"pk", s("k")},
                {"n", AttributeValue::set(model::Type::NS, {"12345", "1"})},
                {"x", s(filler(1013 + extra))}},
               1024});
  // Number 123456789: 9 digits -> 5 + 1 = 6 bytes: 3 + 1 + 6 + 1 + N.
  v.push_back(
      {"number", {{"pk", s("k")}, {"n", n("123456789")}, {"x", s(filler(1013 + extra))}}, 1024});
  // BOOL and NULL are 1 byte each: 3 + 2 + 2 + 1 + N.
  v.push_back({"bool and null",
               {{"pk", s("k")},
                {"b", AttributeValue::boolean(true)},
                {"z", AttributeValue::null()},
                {"x", s(filler(1016 + extra))}},
               1024});
  // Binary: raw bytes: 3 + 1 + N.
  v.push_back(
      {"binary", {{"pk", s("k")}, {"b", AttributeValue::binary(filler(1020 + extra))}}, 1024});
  for (auto& e : v) e.expected_size += static_cast<std::int64_t>(extra);
  return v;
}

TEST(CapacityItemSizes, OneWriteUnitUpTo1KBTwoJustPast) {
  for (const auto& e : items_at_1kb_boundary(0)) {
    ASSERT_EQ(size_of(e.item), e.expected_size) << e.what;
    EXPECT_EQ(item_write_units(0, size_of(e.item)), 1.0) << e.what;
    EXPECT_EQ(item_write_units(0, size_of(e.item), true), 2.0) << e.what;
  }
  for (const auto& e : items_at_1kb_boundary(1)) {
    ASSERT_EQ(size_of(e.item), e.expected_size) << e.what;
    EXPECT_EQ(item_write_units(0, size_of(e.item)), 2.0) << e.what;
    EXPECT_EQ(item_write_units(0, size_of(e.item), true), 4.0) << e.what;
  }
}

TEST(CapacityItemSizes, ReadUnitsAt4KB) {
  Item at{{"pk", s("r")}, {"x", s(filler(4092))}};  // 3 + 1 + 4092 = 4096
  Item past{{"pk", s("s")}, {"x", s(filler(4093))}};
  ASSERT_EQ(size_of(at), 4 * KB);
  EXPECT_EQ(item_read_units(size_of(at), ReadMode::kStrong), 1.0);
  EXPECT_EQ(item_read_units(size_of(at), ReadMode::kEventual), 0.5);
  EXPECT_EQ(item_read_units(size_of(past), ReadMode::kStrong), 2.0);
  EXPECT_EQ(item_read_units(size_of(past), ReadMode::kEventual), 1.0);
  Item nested{{"pk", s("r")},
              {"m", AttributeValue::map({{"l", AttributeValue::list({s(filler(4080))})}})}};
  // 3 + 1 + 3 + (1 + 1 + (3 + 1 + 4080)) = 4093
  ASSERT_EQ(size_of(nested), 4093);
  EXPECT_EQ(item_read_units(size_of(nested), ReadMode::kStrong), 1.0);
}

// ---------------------------------------------------------------------------------------------
// Index write costs (GSI.html / LSI.html "Write Capacity Units").

TableInfo indexed_table(ProjectionType gsi_projection = ProjectionType::KEYS_ONLY,
                        std::vector<std::string> include = {}) {
  TableInfo t;
  t.name = "Orders";
  t.arn = "arn:aws:dynamodb:us-east-1:000000000000:table/Orders";
  t.key.hash = {"pk", model::Type::S};
  t.key.range = KeyElement{"sk", model::Type::S};
  t.throughput.read = 100;
  t.throughput.write = 100;
  IndexInfo lsi;
  lsi.name = "byL";
  lsi.key.hash = {"pk", model::Type::S};
  lsi.key.range = KeyElement{"l", model::Type::S};
  lsi.projection.type = ProjectionType::ALL;
  t.local_indexes.push_back(lsi);
  IndexInfo gsi;
  gsi.name = "byG";
  gsi.global = true;
  gsi.key.hash = {"g", model::Type::S};
  gsi.projection.type = gsi_projection;
  gsi.projection.non_key_attributes = std::move(include);
  gsi.throughput.read = 5;
  gsi.throughput.write = 5;
  t.global_indexes.push_back(gsi);
  return t;
}

std::vector<IndexWriteCost> costs(const TableInfo& t, const Item* old_item, const Item* new_item) {
  std::vector<IndexWriteCost> out;
  index_write_costs(t, old_item, new_item, out);
  return out;
}

const IndexWriteCost* find_cost(const std::vector<IndexWriteCost>& v, const char* name) {
  for (const auto& c : v) {
    if (c.index->name == name) return &c;
  }
  return nullptr;
}

TEST(CapacityIndexWrites, NewItemPutsIntoEachIndex) {
  // "If you write a new item to the table that defines an indexed attribute ... one write
  // operation is required to put the item into the index."
  TableInfo t = indexed_table();
  Item item{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}, {"l", s("y")}};
  auto v = costs(t, nullptr, &item);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(find_cost(v, "byL")->writes, 1);
  EXPECT_EQ(find_cost(v, "byL")->units, 1.0);
  EXPECT_EQ(find_cost(v, "byG")->writes, 1);
  EXPECT_EQ(find_cost(v, "byG")->new_hash, hash_of("x"));
  EXPECT_EQ(find_cost(v, "byG")->old_hash, -1);
  EXPECT_EQ(find_cost(v, "byL")->new_hash, -1);  // an LSI lives in the table's partition
}

TEST(CapacityIndexWrites, SparseItemsCostNothing) {
  // "If an item is not present in the index before or after the item is updated, there is no
  // additional write cost for the index."
  TableInfo t = indexed_table();
  Item a{{"pk", s("a")}, {"sk", s("1")}};
  Item b{{"pk", s("a")}, {"sk", s("1")}, {"other", s("z")}};
  EXPECT_TRUE(costs(t, nullptr, &a).empty());
  EXPECT_TRUE(costs(t, &a, &b).empty());
  EXPECT_TRUE(costs(t, &b, nullptr).empty());
  // An index key attribute of another type than the index's is not an index key.
  Item wrong{{"pk", s("a")}, {"sk", s("1")}, {"g", n("1")}};
  EXPECT_TRUE(costs(t, nullptr, &wrong).empty());
}

TEST(CapacityIndexWrites, KeyChangeCostsTwoWrites) {
  // "If an update to the table changes the value of an indexed key attribute (from A to B), two
  // writes are required"; the LSI (projection ALL) sees g change as a projected attribute: one.
  TableInfo t = indexed_table();
  Item before{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}, {"l", s("y")}};
  Item after{{"pk", s("a")}, {"sk", s("1")}, {"g", s("z")}, {"l", s("y")}};
  auto v = costs(t, &before, &after);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(find_cost(v, "byG")->writes, 2);
  EXPECT_EQ(find_cost(v, "byG")->units, 2.0);
  EXPECT_EQ(find_cost(v, "byG")->old_hash, hash_of("x"));
  EXPECT_EQ(find_cost(v, "byG")->new_hash, hash_of("z"));
  EXPECT_EQ(find_cost(v, "byL")->writes, 1);
  EXPECT_EQ(find_cost(v, "byL")->units, 1.0);
}

TEST(CapacityIndexWrites, ProjectedAttributeChangeCostsOneWrite) {
  // "If an update to the table only changes the value of projected attributes ... one write is
  // required"; a KEYS_ONLY index does not hold the attribute, so it is not written at all.
  TableInfo keys_only = indexed_table(ProjectionType::KEYS_ONLY);
  Item before{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}, {"l", s("y")}, {"o", s("1")}};
  Item after{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}, {"l", s("y")}, {"o", s("2")}};
  auto v = costs(keys_only, &before, &after);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].index->name, "byL");
  EXPECT_EQ(v[0].writes, 1);

  TableInfo include = indexed_table(ProjectionType::INCLUDE, {"o"});
  auto w = costs(include, &before, &after);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(find_cost(w, "byG")->writes, 1);
  EXPECT_EQ(find_cost(w, "byG")->old_hash, hash_of("x"));
  EXPECT_EQ(find_cost(w, "byG")->new_hash, hash_of("x"));

  TableInfo include_other = indexed_table(ProjectionType::INCLUDE, {"p"});
  EXPECT_EQ(costs(include_other, &before, &after).size(), 1u);  // only the ALL-projected LSI
  // Rewriting an identical item changes no index.
  EXPECT_TRUE(costs(keys_only, &before, &before).empty());
}

TEST(CapacityIndexWrites, RemovingTheKeyDeletesTheEntry) {
  // "If an item was present in the index, but a write to the table caused the indexed attribute
  // to be deleted, one write is required to delete the old item projection from the index."
  TableInfo t = indexed_table();
  Item before{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}, {"l", s("y")}};
  Item after{{"pk", s("a")}, {"sk", s("1")}};
  auto v = costs(t, &before, &after);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(find_cost(v, "byG")->writes, 1);
  EXPECT_EQ(find_cost(v, "byG")->old_hash, hash_of("x"));
  EXPECT_EQ(find_cost(v, "byG")->new_hash, -1);
  // DeleteItem removes the entry from every index holding it.
  auto d = costs(t, &before, nullptr);
  ASSERT_EQ(d.size(), 2u);
}

TEST(CapacityIndexWrites, LargeEntriesCostMore) {
  // "Larger index entries will require additional write capacity units": an ALL-projected entry
  // is the whole item; a KEYS_ONLY entry only the keys.
  TableInfo all = indexed_table(ProjectionType::ALL);
  Item big{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}, {"l", s("y")}, {"d", s(filler(2000))}};
  auto v = costs(all, nullptr, &big);
  EXPECT_EQ(find_cost(v, "byG")->units, 2.0);
  EXPECT_EQ(find_cost(v, "byL")->units, 2.0);
  TableInfo keys_only = indexed_table(ProjectionType::KEYS_ONLY);
  EXPECT_EQ(find_cost(costs(keys_only, nullptr, &big), "byG")->units, 1.0);
  EXPECT_EQ(index_entry_size(keys_only, keys_only.global_indexes[0], big), 3 + 3 + 2);
  EXPECT_EQ(index_entry_size(all, all.global_indexes[0], big), size_of(big));
  EXPECT_EQ(index_entry_size(all, all.global_indexes[0], Item{{"pk", s("a")}}), std::nullopt);
  // A key change of a large entry: delete the old (2 KB) and put the new (1 KB).
  Item small{{"pk", s("a")}, {"sk", s("1")}, {"g", s("z")}, {"l", s("y")}};
  EXPECT_EQ(find_cost(costs(all, &big, &small), "byG")->units, 3.0);
}

TEST(CapacityIndexWrites, DeletingIndexesAreSkipped) {
  TableInfo t = indexed_table();
  t.global_indexes[0].status = "DELETING";
  Item item{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}, {"l", s("y")}};
  auto v = costs(t, nullptr, &item);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].index->name, "byL");
}

// ---------------------------------------------------------------------------------------------
// ConsumedCapacity: the value the server renders.

TEST(CapacityConsumed, TotalsAndIndexBreakdown) {
  TableInfo t = indexed_table();
  Item before{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}, {"l", s("y")}};
  Item after{{"pk", s("a")}, {"sk", s("1")}, {"g", s("z")}, {"l", s("y")}};
  ConsumedCapacity cc(t.name);
  cc.add_table_write(item_write_units(size_of(before), size_of(after)));
  for (const auto& c : costs(t, &before, &after)) {
    cc.add_index_write(c.index->name, c.index->global, c.units);
  }
  EXPECT_EQ(cc.table_name(), "Orders");
  EXPECT_EQ(cc.table(), (Capacity{0, 1}));
  EXPECT_EQ(cc.total(), (Capacity{0, 4}));  // 1 table + 1 LSI + 2 GSI
  EXPECT_EQ(cc.total().total(), 4.0);
  ASSERT_EQ(cc.local_indexes().size(), 1u);
  EXPECT_EQ(cc.local_indexes()[0].name, "byL");
  ASSERT_NE(cc.index("byG", true), nullptr);
  EXPECT_EQ(cc.index("byG", true)->write, 2.0);
  EXPECT_EQ(cc.index("byG", false), nullptr);

  // A GSI query charges the index, not the table.
  ConsumedCapacity q(t.name);
  q.add_index_read("byG", true, 0.5);
  EXPECT_EQ(q.table(), (Capacity{0, 0}));
  EXPECT_EQ(q.total().read, 0.5);
  // Zero-unit index charges do not make the index appear.
  q.add_index_write("byL", false, 0);
  EXPECT_TRUE(q.local_indexes().empty());

  // Batch operations add per table.
  ConsumedCapacity sum(t.name);
  sum.add(cc);
  sum.add(cc);
  EXPECT_EQ(sum.total().write, 8.0);
  EXPECT_EQ(sum.index("byG", true)->write, 4.0);
}

// ---------------------------------------------------------------------------------------------
// Token buckets and burst capacity.

TEST(TokenBucket, RefillsAtRateUpToCapacity) {
  TokenBucket b(5, 5 * 300, 0, 0);
  EXPECT_EQ(b.level_at(0), 0.0);
  EXPECT_EQ(b.level_at(seconds_to_micros(1)), 5.0);
  EXPECT_EQ(b.level_at(seconds_to_micros(100)), 500.0);
  EXPECT_EQ(b.level_at(seconds_to_micros(300)), 1500.0);
  EXPECT_EQ(b.level_at(seconds_to_micros(10000)), 1500.0);  // 300 s of unused capacity at most
}

TEST(TokenBucket, AdmitsWhilePositiveAndAllowsDebt) {
  TokenBucket b(1, 300, 300, 0);
  ASSERT_TRUE(b.admits(0));
  b.take(400);  // a 400 KB write on a 1-WCU table goes through...
  EXPECT_EQ(b.level_at(0), -100.0);
  EXPECT_FALSE(b.admits(seconds_to_micros(99)));  // ...and the debt holds the next ones back
  EXPECT_FALSE(b.admits(seconds_to_micros(100)));
  EXPECT_TRUE(b.admits(seconds_to_micros(100.5)));
}

TEST(TokenBucket, ReconfigureKeepsAccruedUnits) {
  TokenBucket b(10, 3000, 0, 0);
  b.reconfigure(100, 30000, seconds_to_micros(2));  // 20 accrued at the old rate
  EXPECT_EQ(b.level_at(seconds_to_micros(2)), 20.0);
  EXPECT_EQ(b.level_at(seconds_to_micros(3)), 120.0);
  b.reconfigure(1, 300, seconds_to_micros(3));  // shrinking clips the level
  EXPECT_EQ(b.level_at(seconds_to_micros(3)), 120.0);
  b.reconfigure(1, 50, seconds_to_micros(3));
  EXPECT_EQ(b.level_at(seconds_to_micros(3)), 50.0);
}

// ---------------------------------------------------------------------------------------------
// Partitions.

TEST(PartitionMap, CountsFollowTheGuide) {
  PartitionLimits limits;
  // "( 1,000 / 3,000 ) + ( 500 / 1,000 ) = 0.8333 --> 1"
  EXPECT_EQ(partitions_for(1000, 500, 0, limits), 1);
  // "( 1,000 / 3,000 ) + ( 1,000 / 1,000 ) = 1.333 --> 2"
  EXPECT_EQ(partitions_for(1000, 1000, 0, limits), 2);
  // "( 5,000 / 3,000 ) + ( 2,000 / 1,000 ) = 3.6667 --> 4"
  EXPECT_EQ(partitions_for(5000, 2000, 0, limits), 4);
  EXPECT_EQ(partitions_for(0, 3000, 0, limits), 3);
  EXPECT_EQ(partitions_for(1, 3000, 0, limits), 4);  // any read capacity tips it over
  EXPECT_EQ(partitions_for(3000, 0, 0, limits), 1);
  EXPECT_EQ(partitions_for(1000, 2000.0 / 3.0 * 1000 / 1000, 0, limits), 1);
  EXPECT_EQ(partitions_for(1, 1, 0, limits), 1);
  EXPECT_EQ(partitions_for(0, 0, 0, limits), 1);
  // "A single partition can hold approximately 10 GB of data."
  EXPECT_EQ(partitions_for(1, 1, 10LL << 30, limits), 1);
  EXPECT_EQ(partitions_for(1, 1, (10LL << 30) + 1, limits), 2);
  EXPECT_EQ(partitions_for(1, 1, 25LL << 30, limits), 3);
  // The on-demand starting point: 12,000 reads and 4,000 writes per second.
  EXPECT_EQ(partitions_for(12000, 4000, 0, limits), 8);
}

TEST(PartitionMap, EqualContiguousRanges) {
  for (int count : {1, 2, 3, 4, 7, 64}) {
    PartitionMap map(count);
    ASSERT_EQ(map.size(), count);
    EXPECT_EQ(map.begin(0), 0);
    EXPECT_EQ(map.end(count - 1), kHashEnd);
    for (int i = 0; i + 1 < count; ++i) EXPECT_EQ(map.end(i), map.begin(i + 1));
    EXPECT_EQ(map.partition_of(0), 0);
    EXPECT_EQ(map.partition_of(INT64_MAX), count - 1);
  }
  PartitionMap two(2);
  EXPECT_EQ(two.begin(1), 1LL << 62);
  EXPECT_EQ(two.partition_of((1LL << 62) - 1), 0);
  EXPECT_EQ(two.partition_of(1LL << 62), 1);
}

TEST(PartitionMap, SplitsKeepRangesContiguous) {
  PartitionMap map(3);
  std::int64_t b1 = map.begin(1), e1 = map.end(1);
  map.split(1);
  ASSERT_EQ(map.size(), 4);
  EXPECT_EQ(map.begin(1), b1);
  EXPECT_EQ(map.end(2), e1);
  EXPECT_EQ(map.end(1), map.begin(2));
  EXPECT_GT(map.begin(2), b1);
  map.split_all();
  ASSERT_EQ(map.size(), 8);
  for (int i = 0; i + 1 < map.size(); ++i) {
    EXPECT_EQ(map.end(i), map.begin(i + 1));
    EXPECT_LT(map.begin(i), map.begin(i + 1));
  }
  // Every hash lands in the partition whose range holds it.
  for (std::int64_t h :
       std::vector<std::int64_t>{0, 1, 12345678901234, (1LL << 62) + 7, INT64_MAX}) {
    int p = map.partition_of(h);
    EXPECT_LE(map.begin(p), h);
    EXPECT_TRUE(h < map.end(p) || map.end(p) == kHashEnd);
  }
  // A one-hash range cannot split.
  PartitionMap tiny(1);
  while (tiny.can_split(tiny.size() - 1) && tiny.size() < 80) tiny.split(tiny.size() - 1);
  EXPECT_FALSE(tiny.can_split(tiny.size() - 1));
  EXPECT_EQ(tiny.begin(tiny.size() - 1), INT64_MAX);
  EXPECT_EQ(tiny.size(), 64);
}

// ---------------------------------------------------------------------------------------------
// The tracker.

TableInfo provisioned(std::int64_t rcu, std::int64_t wcu) {
  TableInfo t;
  t.name = "T";
  t.arn = "arn:aws:dynamodb:us-east-1:000000000000:table/T";
  t.key.hash = {"pk", model::Type::S};
  t.throughput.read = rcu;
  t.throughput.write = wcu;
  return t;
}

ThroughputOptions enforcing() {
  ThroughputOptions o;
  o.enforce = true;
  return o;
}

// Runs `per_second` one-unit writes per second for `duration` seconds on keys chosen by key_of,
// spacing them evenly; returns how many were served.
struct LoadResult {
  int served = 0;
  int throttled = 0;
  double first_throttle_at = -1;  // seconds from the start
  double elapsed = 0;             // seconds the load ran
  std::optional<model::Error> last_error;
};

LoadResult write_load(TableThroughput& tt, ManualClock& clock, int per_second, double duration,
                      const std::function<std::int64_t(int)>& hash_of_request, double units = 1.0) {
  LoadResult r;
  Micros start = clock.now();
  Micros step = kMicrosPerSecond / per_second;
  int total = static_cast<int>(per_second * duration);
  for (int i = 0; i < total; ++i) {
    if (auto result = tt.charge_write(hash_of_request(i), units)) {
      ++r.served;
    } else {
      if (r.first_throttle_at < 0) r.first_throttle_at = micros_to_seconds(clock.now() - start);
      ++r.throttled;
      r.last_error = result.error();
    }
    clock.advance(step);
  }
  r.elapsed = micros_to_seconds(clock.now() - start);
  return r;
}

std::vector<std::int64_t> many_hashes(int count) {
  std::vector<std::int64_t> v;
  for (int i = 0; i < count; ++i) v.push_back(hash_of("key-" + std::to_string(i)));
  return v;
}

TEST(Throughput, LoadAtProvisionedRateIsNeverThrottled) {
  ManualClock clock;
  ThroughputOptions o = enforcing();
  o.start_with_burst = false;
  TableThroughput tt(provisioned(5, 5), 0, o, clock);
  auto r = write_load(tt, clock, 5, 600, [](int) { return hash_of("hot"); });
  EXPECT_EQ(r.throttled, 0);
  EXPECT_EQ(r.served, 3000);
}

TEST(Throughput, BurstThenThrottleAboveProvisionedWrites) {
  // 10 writes/s on a 5-WCU table: the 1,500 units of burst (300 s x 5) drain at 5/s, so the
  // first refusal comes after 300 s and not before; afterwards 5 writes/s get through.
  ManualClock clock;
  TableThroughput tt(provisioned(5, 5), 0, enforcing(), clock);
  auto r = write_load(tt, clock, 10, 600, [](int i) { return hash_of("k" + std::to_string(i)); });
  EXPECT_GE(r.first_throttle_at, 299.0);
  EXPECT_LE(r.first_throttle_at, 301.0);
  EXPECT_NEAR(r.served, 1500 + 5 * r.elapsed, 2);
  ASSERT_TRUE(r.last_error);
  EXPECT_EQ(r.last_error->code, model::ErrorCode::ProvisionedThroughputExceededException);
  EXPECT_EQ(r.last_error->message, kTableThroughputExceededMessage);
  EXPECT_EQ(r.last_error->message,
            "The level of configured provisioned throughput for the table was exceeded. Consider "
            "increasing your provisioning level with the UpdateTable API.");
  ASSERT_TRUE(tt.last_throttle());
  EXPECT_EQ(tt.last_throttle()->reason(), "TableWriteProvisionedThroughputExceeded");
  EXPECT_EQ(tt.last_throttle()->resource, "arn:aws:dynamodb:us-east-1:000000000000:table/T");
  EXPECT_EQ(tt.last_throttle()->cancellation_code(), "ProvisionedThroughputExceeded");
}

TEST(Throughput, IdleTimeRebuildsBurstUpTo300Seconds) {
  ManualClock clock;
  ThroughputOptions o = enforcing();
  o.start_with_burst = false;
  TableThroughput tt(provisioned(1, 2), 0, o, clock);
  clock.advance_seconds(1000);  // idle: at most 300 s x 2 = 600 units accrue
  int served = 0;
  while (tt.charge_write(hash_of("a"), 1)) ++served;
  EXPECT_EQ(served, 600);
  EXPECT_EQ(tt.state().table.write_capacity, 600.0);
}

TEST(Throughput, ReadsChargeHalfUnitsWhenEventual) {
  ManualClock clock;
  ThroughputOptions o = enforcing();
  o.start_with_burst = false;
  TableThroughput tt(provisioned(10, 1), 0, o, clock);
  // 10 RCU with no burst: 20 eventually consistent 4 KB reads fit in the first second.
  int served = 0;
  for (int i = 0; i < 40; ++i) {
    if (!tt.admit_read(hash_of("r"))) break;
    tt.debit_read(hash_of("r"), item_read_units(4 * KB, ReadMode::kEventual));
    ++served;
  }
  EXPECT_EQ(served, 20);
  EXPECT_EQ(tt.last_throttle()->reason(), "TableReadProvisionedThroughputExceeded");
  EXPECT_EQ(tt.state().table.consumed_read, 10.0);
}

TEST(Throughput, OneLargeWriteGoesThroughThenDebtThrottles) {
  ManualClock clock;
  TableThroughput tt(provisioned(1, 1), 0, enforcing(), clock);
  ASSERT_TRUE(tt.charge_write(hash_of("a"), item_write_units(0, 400 * KB)));  // 400 > 300 burst
  EXPECT_FALSE(tt.charge_write(hash_of("a"), 1));
  clock.advance_seconds(99);
  EXPECT_FALSE(tt.charge_write(hash_of("a"), 1));
  clock.advance_seconds(2);
  EXPECT_TRUE(tt.charge_write(hash_of("a"), 1));
}

TEST(Throughput, HotKeyThrottledAtPartitionLimitSpreadLoadServed) {
  // 3,000 RCU + 2,000 WCU: 3 partitions, each serving at most 1,000 writes per second. 1,500
  // writes/s on one key exceed its partition; the same 1,500 writes/s over many keys do not.
  ManualClock clock;
  TableInfo info = provisioned(3000, 2000);
  TableThroughput hot(info, 0, enforcing(), clock);
  ASSERT_EQ(hot.state().table.partitions.size(), 3u);
  auto r = write_load(hot, clock, 1500, 20, [](int) { return hash_of("hot"); });
  EXPECT_GT(r.throttled, 0);
  EXPECT_GE(r.first_throttle_at, 1.9);  // one second of partition capacity drains at 500/s
  EXPECT_NEAR(r.served, 1000 + 1000 * r.elapsed, 2);  // the partition's 1,000 writes/s
  ASSERT_TRUE(hot.last_throttle());
  EXPECT_EQ(hot.last_throttle()->reason(), "TableWriteKeyRangeThroughputExceeded");
  ASSERT_TRUE(r.last_error);
  EXPECT_EQ(r.last_error->code, model::ErrorCode::ProvisionedThroughputExceededException);
  EXPECT_EQ(r.last_error->message, kTableThroughputExceededMessage);
  auto state = hot.state();
  int hot_partition = 0;
  for (const auto& p : state.table.partitions) {
    if (p.throttled_writes > 0) ++hot_partition;
  }
  EXPECT_EQ(hot_partition, 1);

  ManualClock clock2;
  TableThroughput spread(info, 0, enforcing(), clock2);
  auto keys = many_hashes(1000);
  auto s2 = write_load(spread, clock2, 1500, 20, [&](int i) { return keys[i % keys.size()]; });
  EXPECT_EQ(s2.throttled, 0);
  EXPECT_EQ(s2.served, 30000);
  for (const auto& p : spread.state().table.partitions) EXPECT_GT(p.consumed_write, 5000);
}

TEST(Throughput, PartitionLimitsAreConfigurable) {
  ManualClock clock;
  ThroughputOptions o = enforcing();
  o.partition.write_units = 10;
  o.partition.read_units = 30;
  TableThroughput tt(provisioned(30, 20), 0, o, clock);  // 1 + 2 = 3 partitions of 10 WCU
  EXPECT_EQ(tt.state().table.partitions.size(), 3u);
  auto hot = write_load(tt, clock, 15, 30, [](int) { return hash_of("hot"); });
  EXPECT_GT(hot.throttled, 0);
  EXPECT_NEAR(hot.served, 10 * hot.elapsed + 10, 2);
}

TEST(Throughput, ThrottledGlobalIndexThrottlesTableWrites) {
  // "If you perform heavy write activity on the table, but a global secondary index on that table
  // has insufficient write capacity, then the write activity on the table will be throttled."
  ManualClock clock;
  TableInfo info = indexed_table(ProjectionType::KEYS_ONLY);
  info.global_indexes[0].throughput.write = 1;
  ThroughputOptions o = enforcing();
  o.start_with_burst = false;
  TableThroughput tt(info, 0, o, clock);

  Item in_index{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}};
  auto c = costs(info, nullptr, &in_index);
  ASSERT_EQ(c.size(), 1u);
  ASSERT_TRUE(tt.charge_write(hash_of("a"), 1, c));  // the GSI's one unit for this second
  auto refused = tt.charge_write(hash_of("a"), 1, c);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, model::ErrorCode::ProvisionedThroughputExceededException);
  EXPECT_EQ(refused.error().message,
            "The level of configured provisioned throughput for one or more global secondary "
            "indexes of the table was exceeded. Consider increasing your provisioning level for "
            "the under-provisioned global secondary indexes with the UpdateTable API");
  EXPECT_EQ(tt.last_throttle()->reason(), "IndexWriteProvisionedThroughputExceeded");
  EXPECT_EQ(tt.last_throttle()->resource,
            "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/index/byG");
  // Nothing was taken from the table for the refused write: all or nothing.
  EXPECT_EQ(tt.state().table.consumed_write, 1.0);
  EXPECT_EQ(tt.state().global_indexes[0].consumed_write, 1.0);
  // Writes that leave the index alone still go through.
  Item sparse{{"pk", s("b")}, {"sk", s("1")}};
  EXPECT_TRUE(tt.charge_write(hash_of("b"), 1, costs(info, nullptr, &sparse)));
  // And a GSI query is charged to the index.
  ASSERT_TRUE(tt.admit_index_read("byG", hash_of("x")));
  tt.debit_index_read("byG", hash_of("x"), 0.5);
  EXPECT_EQ(tt.state().global_indexes[0].consumed_read, 0.5);
  EXPECT_EQ(tt.state().table.consumed_read, 0.0);
}

TEST(Throughput, LocalIndexWritesUseTableCapacity) {
  ManualClock clock;
  TableInfo info = indexed_table(ProjectionType::KEYS_ONLY);
  ThroughputOptions o = enforcing();
  o.start_with_burst = false;
  info.throughput.write = 2;
  TableThroughput tt(info, 0, o, clock);
  Item item{{"pk", s("a")}, {"sk", s("1")}, {"l", s("y")}};
  auto c = costs(info, nullptr, &item);  // LSI only
  ASSERT_EQ(c.size(), 1u);
  ASSERT_TRUE(tt.charge_write(hash_of("a"), 1, c));  // 1 table + 1 LSI = the 2 WCU of second 1
  EXPECT_EQ(tt.state().table.consumed_write, 2.0);
  EXPECT_FALSE(tt.charge_write(hash_of("a"), 1, c));
}

TEST(Throughput, TransactionAdmitsAllBeforeDebitingAny) {
  ManualClock clock;
  ThroughputOptions o = enforcing();
  o.start_with_burst = false;
  TableThroughput tt(provisioned(1, 4), 0, o, clock);
  std::vector<std::int64_t> items = {hash_of("a"), hash_of("b")};
  for (auto h : items) ASSERT_TRUE(tt.admit_write(h, {}));
  for (auto h : items) tt.debit_write(h, item_write_units(0, 500, true), {});
  EXPECT_EQ(tt.state().table.consumed_write, 4.0);
  EXPECT_FALSE(tt.admit_write(items[0], {}));
}

TEST(Throughput, UpdateTableTakesEffect) {
  ManualClock clock;
  ThroughputOptions o = enforcing();
  o.start_with_burst = false;
  TableInfo info = provisioned(1, 1);
  TableThroughput tt(info, 0, o, clock);
  auto slow = write_load(tt, clock, 10, 10, [](int i) { return hash_of(std::to_string(i)); });
  EXPECT_NEAR(slow.served, 11, 1);
  info.throughput.write = 100;
  tt.reconfigure(info);
  clock.advance_seconds(1);
  auto fast = write_load(tt, clock, 10, 10, [](int i) { return hash_of(std::to_string(i)); });
  EXPECT_EQ(fast.throttled, 0);
  EXPECT_EQ(tt.state().table.write_units_per_second, 100.0);
  EXPECT_EQ(tt.state().table.write_capacity, 30000.0);
  // Lowering it again throttles again.
  info.throughput.write = 1;
  tt.reconfigure(info);
  auto again = write_load(tt, clock, 10, 400, [](int i) { return hash_of(std::to_string(i)); });
  EXPECT_GT(again.throttled, 0);
}

TEST(Throughput, ThroughputIncreaseDoublesPartitionsAndNeverMerges) {
  // "suppose that you increased the table's read capacity units from 5,000 to 8,000. The existing
  // four partitions would not be able to support this requirement ... DynamoDB would double the
  // number of partitions to eight".
  ManualClock clock;
  TableInfo info = provisioned(5000, 2000);
  TableThroughput tt(info, 0, {}, clock);
  EXPECT_EQ(tt.state().table.partitions.size(), 4u);
  info.throughput.read = 8000;
  tt.reconfigure(info);
  auto parts = tt.state().table.partitions;
  ASSERT_EQ(parts.size(), 8u);
  EXPECT_EQ(parts.front().hash_begin, 0);
  EXPECT_EQ(parts.back().hash_end, kHashEnd);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    EXPECT_EQ(parts[i].hash_end, parts[i + 1].hash_begin);
  }
  info.throughput.read = 1;
  info.throughput.write = 1;
  tt.reconfigure(info);
  EXPECT_EQ(tt.state().table.partitions.size(), 8u);
}

TEST(Throughput, PartitionsSplitAsDataGrows) {
  ManualClock clock;
  ThroughputOptions o;
  o.partition.bytes = 10'000;
  std::map<std::int64_t, std::int64_t> stored;  // hash -> bytes, standing in for the database
  auto range_bytes = [&](std::int64_t begin, std::int64_t end) {
    std::int64_t sum = 0;
    for (auto it = stored.lower_bound(begin); it != stored.end(); ++it) {
      if (it->first >= end && end != kHashEnd) break;
      sum += it->second;
    }
    return sum;
  };
  TableThroughput tt(provisioned(5, 5), 0, o, clock, range_bytes);
  ASSERT_EQ(tt.state().table.partitions.size(), 1u);
  auto keys = many_hashes(100);
  for (int i = 0; i < 10; ++i) {  // 10 x 1,000 bytes: still one partition (not past 10,000)
    stored[keys[i]] += 1000;
    tt.on_item_written(keys[i], 0, 1000);
  }
  EXPECT_EQ(tt.state().table.partitions.size(), 1u);
  stored[keys[10]] += 1000;
  tt.on_item_written(keys[10], 0, 1000);
  auto parts = tt.state().table.partitions;
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].bytes + parts[1].bytes, 11000);
  EXPECT_EQ(parts[0].bytes, range_bytes(parts[0].hash_begin, parts[0].hash_end));
  EXPECT_GT(parts[0].bytes, 0);
  EXPECT_GT(parts[1].bytes, 0);
  for (int i = 11; i < 100; ++i) {
    stored[keys[i]] += 1000;
    tt.on_item_written(keys[i], 0, 1000);
  }
  parts = tt.state().table.partitions;
  EXPECT_GE(parts.size(), 10u);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    EXPECT_LE(parts[i].bytes, 10'000);
    EXPECT_EQ(parts[i].bytes, range_bytes(parts[i].hash_begin, parts[i].hash_end));
    if (i + 1 < parts.size()) {
      EXPECT_EQ(parts[i].hash_end, parts[i + 1].hash_begin);
    }
    total += parts[i].bytes;
  }
  EXPECT_EQ(total, 100'000);
  // Every item is in the partition whose range holds its hash.
  for (auto h : keys) {
    bool found = false;
    for (const auto& p : parts) found |= p.hash_begin <= h && (h < p.hash_end);
    EXPECT_TRUE(found);
  }
  // Deleting data does not merge partitions.
  auto before = parts.size();
  for (auto h : keys) tt.on_item_written(h, stored[h], 0);
  EXPECT_EQ(tt.state().table.partitions.size(), before);
}

TEST(Throughput, OnePartitionKeyCannotSplit) {
  // Data under one partition-key hash stays together; once another key lands beside it, the
  // partition splits between them.
  ManualClock clock;
  ThroughputOptions o;
  o.partition.bytes = 1000;
  std::map<std::int64_t, std::int64_t> stored;
  int counts = 0;
  auto range_bytes = [&](std::int64_t begin, std::int64_t end) {
    ++counts;
    std::int64_t sum = 0;
    for (const auto& [h, b] : stored) {
      if (h >= begin && (h < end || end == kHashEnd)) sum += b;
    }
    return sum;
  };
  TableThroughput tt(provisioned(5, 5), 0, o, clock, range_bytes);
  std::int64_t h = hash_of("one-collection");
  stored[h] = 5000;
  tt.on_item_written(h, 0, 5000);
  EXPECT_EQ(tt.state().table.partitions.size(), 1u);
  EXPECT_EQ(tt.state().table.partitions[0].bytes, 5000);
  EXPECT_GT(counts, 0);
  int after_first_attempt = counts;
  for (int i = 0; i < 50; ++i) {  // more items of the same collection: no further attempts
    stored[h] += 100;
    tt.on_item_written(h, 0, 100);
  }
  EXPECT_EQ(counts, after_first_attempt);
  EXPECT_EQ(tt.state().table.partitions.size(), 1u);
  std::int64_t other = hash_of("another");
  stored[other] = 10;
  tt.on_item_written(other, 0, 10);
  auto parts = tt.state().table.partitions;
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].bytes + parts[1].bytes, 10010);
  EXPECT_TRUE(parts[0].bytes == 10 || parts[1].bytes == 10);
}

TEST(Throughput, OnePartitionKeyCannotSplitWithoutRangeCounts) {
  ManualClock clock;
  ThroughputOptions o;
  o.partition.bytes = 1000;
  TableThroughput tt(provisioned(5, 5), 0, o, clock);
  for (int i = 0; i < 100; ++i) tt.on_item_written(hash_of("hot"), 0, 1000);
  EXPECT_EQ(tt.state().table.partitions.size(), 1u);
  tt.on_item_written(hash_of("cold"), 0, 1000);
  EXPECT_GT(tt.state().table.partitions.size(), 1u);
}

TEST(Throughput, SplitsWithoutRangeCountsHalveTheEstimate) {
  ManualClock clock;
  ThroughputOptions o;
  o.partition.bytes = 1000;
  TableThroughput tt(provisioned(5, 5), 4000, o, clock);  // 4 partitions of 1,000 bytes
  auto parts = tt.state().table.partitions;
  ASSERT_EQ(parts.size(), 4u);
  for (const auto& p : parts) EXPECT_EQ(p.bytes, 1000);
  tt.on_item_written(parts[2].hash_begin, 0, 200);
  EXPECT_EQ(tt.state().table.partitions.size(), 4u);  // one key seen: it may be one collection
  tt.on_item_written(parts[2].hash_begin + 1, 0, 300);
  parts = tt.state().table.partitions;
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_EQ(parts[2].bytes + parts[3].bytes, 1500);
  EXPECT_EQ(parts[2].bytes, 750);
}

TEST(ThroughputOnDemand, InitialLimitsThenThrottlingException) {
  // "New on-demand tables will be able to sustain up to 4,000 writes per second and 12,000 reads
  // per second."
  ManualClock clock;
  TableInfo info = provisioned(0, 0);
  info.billing_mode = BillingMode::PAY_PER_REQUEST;
  TableThroughput tt(info, 0, enforcing(), clock);
  auto state = tt.state();
  EXPECT_TRUE(state.table.on_demand);
  EXPECT_EQ(state.table.write_units_per_second, 4000.0);
  EXPECT_EQ(state.table.read_units_per_second, 12000.0);
  EXPECT_EQ(state.table.partitions.size(), 8u);
  auto keys = many_hashes(5000);
  auto under = write_load(tt, clock, 3000, 5, [&](int i) { return keys[i % keys.size()]; });
  EXPECT_EQ(under.throttled, 0);

  ManualClock clock2;
  TableThroughput burst(info, 0, enforcing(), clock2);
  // 6,000 writes/s: one second of capacity (4,000) plus 4,000/s lasts two seconds.
  auto over = write_load(burst, clock2, 6000, 4, [&](int i) { return keys[i % keys.size()]; });
  EXPECT_GT(over.throttled, 0);
  EXPECT_NEAR(over.first_throttle_at, 2.0, 0.05);
  EXPECT_NEAR(over.served, 4000 + 4000 * over.elapsed, 2);
  ASSERT_TRUE(over.last_error);
  EXPECT_EQ(over.last_error->code, model::ErrorCode::ThrottlingException);
  EXPECT_EQ(over.last_error->message,
            "Throughput exceeds the current capacity of your table or index. DynamoDB is "
            "automatically scaling your table or index so please try again shortly. If exceptions "
            "persist, check if you have a hot key: "
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
            "bp-partition-key-design.html");
  ASSERT_TRUE(burst.last_throttle());
  EXPECT_EQ(burst.last_throttle()->cancellation_code(), "ThrottlingError");
  EXPECT_EQ(burst.last_throttle()->reason(), "TableWriteKeyRangeThroughputExceeded");
}

TEST(ThroughputOnDemand, ScalesToTwiceThePreviousPeakOncePerInterval) {
  // "On-demand capacity mode instantly accommodates up to double the previous peak traffic";
  // "throttling can still occur if the throughput exceeds twice the previous peak within the same
  // 30 minutes".
  ManualClock clock;
  TableInfo info = provisioned(0, 0);
  info.billing_mode = BillingMode::PAY_PER_REQUEST;
  TableThroughput tt(info, 0, enforcing(), clock);
  auto keys = many_hashes(5000);
  auto pick = [&](int i) { return keys[i % keys.size()]; };
  auto peak = write_load(tt, clock, 4000, 3, pick);  // sustained at the initial capacity
  EXPECT_EQ(peak.throttled, 0);
  EXPECT_EQ(tt.state().table.write_units_per_second, 4000.0);  // not within 30 minutes
  clock.advance_seconds(30 * 60);
  write_load(tt, clock, 100, 2, pick);  // a request after the interval lets the capacity grow
  EXPECT_EQ(tt.state().table.write_units_per_second, 8000.0);
  EXPECT_EQ(tt.state().table.partitions.size(), 16u);  // partitions grow with the capacity
  auto doubled = write_load(tt, clock, 7000, 5, pick);
  EXPECT_EQ(doubled.throttled, 0);
  // Twice the new peak is not available within 30 minutes of the last scaling.
  auto too_soon = write_load(tt, clock, 20000, 3, pick);
  EXPECT_GT(too_soon.throttled, 0);
  EXPECT_EQ(tt.state().table.write_units_per_second, 8000.0);
  clock.advance_seconds(30 * 60);
  write_load(tt, clock, 100, 2, pick);
  // The busiest second so far (the bucket's 8,000 plus 8,000 accrued) allows at least 2 x 14,000.
  double scaled = tt.state().table.write_units_per_second;
  EXPECT_GE(scaled, 28000.0);
  EXPECT_LE(scaled, 40000.0);
  auto later = write_load(tt, clock, 14000, 3, pick);
  EXPECT_EQ(later.throttled, 0);
}

TEST(ThroughputOnDemand, CapsAtTheTableQuota) {
  ManualClock clock;
  ThroughputOptions o = enforcing();
  o.on_demand.initial_write_units = 40000;
  TableInfo info = provisioned(0, 0);
  info.billing_mode = BillingMode::PAY_PER_REQUEST;
  TableThroughput tt(info, 0, o, clock);
  auto keys = many_hashes(20000);
  auto r = write_load(tt, clock, 60000, 3, [&](int i) { return keys[i % keys.size()]; });
  EXPECT_GT(r.throttled, 0);
  ASSERT_TRUE(tt.last_throttle());
  EXPECT_EQ(tt.last_throttle()->reason(), "TableWriteAccountLimitExceeded");
  EXPECT_EQ(tt.state().table.write_units_per_second, 40000.0);
}

TEST(ThroughputOnDemand, GlobalIndexMessage) {
  ManualClock clock;
  TableInfo info = indexed_table();
  info.billing_mode = BillingMode::PAY_PER_REQUEST;
  ThroughputOptions o = enforcing();
  o.on_demand.initial_write_units = 2;  // for the table and for its index
  TableThroughput tt(info, 0, o, clock);
  Item item{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}};
  auto c = costs(info, nullptr, &item);
  // Index-only charges spend the index's 2 units and leave the table's.
  ASSERT_TRUE(tt.charge_write(hash_of("a"), 0, c));
  ASSERT_TRUE(tt.charge_write(hash_of("a"), 0, c));
  auto refused = tt.charge_write(hash_of("a"), 0, c);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, model::ErrorCode::ThrottlingException);
  EXPECT_EQ(refused.error().message,
            "Throughput exceeds the current capacity for one or more global secondary indexes. "
            "DynamoDB is automatically scaling your index so please try again shortly.");
  EXPECT_TRUE(tt.last_throttle()->index);
  EXPECT_EQ(tt.last_throttle()->reason(), "IndexWriteKeyRangeThroughputExceeded");
  // The table itself is checked first, with the table's message.
  ASSERT_TRUE(tt.charge_write(hash_of("b"), 2));
  auto table_refused = tt.charge_write(hash_of("b"), 1);
  ASSERT_FALSE(table_refused);
  EXPECT_EQ(table_refused.error().message, kOnDemandTableThrottledMessage);
  EXPECT_EQ(tt.last_throttle()->reason(), "TableWriteKeyRangeThroughputExceeded");
}

TEST(ThroughputOnDemand, SwitchingFromProvisionedKeepsItsCapacity) {
  ManualClock clock;
  TableInfo info = provisioned(30000, 10000);
  TableThroughput tt(info, 0, enforcing(), clock);
  info.billing_mode = BillingMode::PAY_PER_REQUEST;
  tt.reconfigure(info);
  EXPECT_TRUE(tt.state().table.on_demand);
  EXPECT_EQ(tt.state().table.write_units_per_second, 10000.0);
  EXPECT_EQ(tt.state().table.read_units_per_second, 30000.0);
  info.billing_mode = BillingMode::PROVISIONED;
  info.throughput = {};
  info.throughput.read = 5;
  info.throughput.write = 5;
  tt.reconfigure(info);
  EXPECT_FALSE(tt.state().table.on_demand);
  EXPECT_EQ(tt.state().table.write_units_per_second, 5.0);
  EXPECT_EQ(tt.state().table.write_capacity, 1500.0);
}

// A clock that counts how often it is read.
class CountingClock final : public Clock {
 public:
  Micros now() const override {
    ++reads;
    return 0;
  }
  mutable int reads = 0;
};

TEST(ThroughputOff, CountsButNeverRefusesNorReadsTheClock) {
  CountingClock clock;
  TableInfo info = indexed_table();
  info.throughput.write = 1;
  info.throughput.read = 1;
  TableThroughput tt(info, 0, {}, clock);
  int reads_after_setup = clock.reads;
  EXPECT_FALSE(tt.enforcing());
  Item item{{"pk", s("a")}, {"sk", s("1")}, {"g", s("x")}, {"l", s("y")}};
  auto c = costs(info, nullptr, &item);
  for (int i = 0; i < 10000; ++i) {
    ASSERT_TRUE(tt.charge_write(hash_of("a"), 400, c));
    ASSERT_TRUE(tt.charge_read(hash_of("a"), 100));
    ASSERT_TRUE(tt.admit_index_read("byG", hash_of("x")));
    tt.debit_index_read("byG", hash_of("x"), 1);
  }
  EXPECT_EQ(clock.reads, reads_after_setup);
  EXPECT_FALSE(tt.last_throttle());
  auto state = tt.state();
  EXPECT_EQ(state.table.consumed_write, 10000.0 * (400 + 1));  // table + LSI
  EXPECT_EQ(state.table.consumed_read, 10000.0 * 100);
  EXPECT_EQ(state.global_indexes[0].consumed_write, 10000.0);
  EXPECT_EQ(state.global_indexes[0].consumed_read, 10000.0);
  // Per-table enforcement can be switched on later; nothing was taken from the buckets while it
  // was off, so the full burst (300 x 1 WCU) is there, then exhausted.
  tt.set_enforcing(true);
  EXPECT_TRUE(tt.charge_write(hash_of("a"), 400, c));
  EXPECT_FALSE(tt.charge_write(hash_of("a"), 400, c));
  EXPECT_GT(clock.reads, reads_after_setup);
}

TEST(ThroughputOff, BookkeepingIsCheap) {
  // The per-request work with enforcement off: cost arithmetic plus the counting calls. It must
  // stay far below a PutItem/GetItem (tens of microseconds): this bounds it at 1 microsecond per
  // write + read pair even in the sanitized debug build.
  SteadyClock clock;
  TableInfo info = provisioned(5, 5);
  TableThroughput tt(info, 0, {}, clock);
  auto keys = many_hashes(1024);
  constexpr int kOps = 200'000;
  auto start = std::chrono::steady_clock::now();
  double sink = 0;
  for (int i = 0; i < kOps; ++i) {
    std::int64_t h = keys[static_cast<std::size_t>(i) & 1023];
    double w = item_write_units(900, 1100);
    (void)tt.charge_write(h, w);
    double r = item_read_units(1100, ReadMode::kEventual);
    (void)tt.admit_read(h);
    tt.debit_read(h, r);
    sink += w + r;
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  double per_op_ns =
      static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()) /
      kOps;
  EXPECT_EQ(sink, kOps * 2.5);
  EXPECT_LT(per_op_ns, 1000.0);
  RecordProperty("ns_per_write_and_read", std::to_string(per_op_ns));
}

TEST(ThroughputLimits, DescribeLimitsFigures) {
  EXPECT_EQ(kDefaultAccountLimits.account_max_read_capacity_units, 80000);
  EXPECT_EQ(kDefaultAccountLimits.account_max_write_capacity_units, 80000);
  EXPECT_EQ(kDefaultAccountLimits.table_max_read_capacity_units, 40000);
  EXPECT_EQ(kDefaultAccountLimits.table_max_write_capacity_units, 40000);
}

TEST(ThroughputState, ShowsBucketsAndPartitions) {
  ManualClock clock;
  ThroughputOptions o = enforcing();
  TableThroughput tt(provisioned(3000, 2000), 0, o, clock);
  ASSERT_TRUE(tt.charge_write(hash_of("a"), 10));
  auto state = tt.state();
  EXPECT_TRUE(state.enforcing);
  EXPECT_EQ(state.table.name, "T");
  EXPECT_FALSE(state.table.index);
  EXPECT_EQ(state.table.write_units_per_second, 2000.0);
  EXPECT_EQ(state.table.write_capacity, 600000.0);
  EXPECT_EQ(state.table.write_level, 600000.0 - 10);
  ASSERT_EQ(state.table.partitions.size(), 3u);
  int with_data = 0;
  for (const auto& p : state.table.partitions) {
    EXPECT_EQ(p.write_units_per_second, 1000.0);
    EXPECT_EQ(p.read_units_per_second, 3000.0);
    if (p.consumed_write > 0) {
      ++with_data;
      EXPECT_EQ(p.write_level, 990.0);
      EXPECT_TRUE(p.hash_begin <= hash_of("a") && hash_of("a") < p.hash_end);
    }
  }
  EXPECT_EQ(with_data, 1);
  clock.advance_seconds(1);
  EXPECT_EQ(tt.state().table.write_level, 600000.0);  // refilled, capped at the burst
}

}  // namespace
}  // namespace drydock::storage::throughput
