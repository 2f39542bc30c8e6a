// What Query and Scan share: reading a page of rows with DynamoDB's Limit and 1 MB rules,
// counting, ExclusiveStartKey / LastEvaluatedKey, and Select.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "model/attribute_value.h"
#include "server/actions/common.h"
#include "storage/database.h"
#include "storage/throughput/capacity_units.h"

namespace drydock::server::actions {

// DynamoDB stops a Query or Scan page once it has read 1 MB of items.
constexpr std::int64_t kPageBytes = 1024 * 1024;

enum class Select { ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, SPECIFIC_ATTRIBUTES, COUNT };

struct PageSpec {
  std::optional<std::int64_t> limit;  // items evaluated (before the filter)
  // Returns whether an item passes the filter; absent = every item passes.
  std::function<model::Result<bool>(const model::Item&)> filter;
  // The key schemas whose attributes make up LastEvaluatedKey: the table's, and on an
  // index also the index's.
  std::vector<const storage::KeySchema*> key_schemas;
  // On an LSI read that needs attributes the index does not project: the table's item for
  // an entry's stored table key.
  std::function<model::Result<std::optional<model::Item>>(std::string_view tpk,
                                                          std::string_view tsk)>
      fetch;
  // Whether the sizes of fetched items are needed (the read is charged).
  bool meter_fetches = false;
  // No filter, fetch or projection: items can go to the response as stored, never decoded.
  bool pass_through = false;
  // Set by stream_items_if_possible: the response's open Items array, written as rows
  // are read.
  JsonWriter* stream = nullptr;
};

struct Page {
  std::vector<model::Item> items;  // items that passed the filter (all of them when counting)
  std::int64_t count = 0;          // items that passed the filter
  std::int64_t scanned = 0;        // items read
  // What the page read, for the 1 MB page size and for capacity: the rows (items, or index
  // entries) and the table items fetched for an LSI.
  storage::throughput::RangeReadMeter meter;
  std::optional<model::Item> last_evaluated;  // set when the page stopped before the end
  bool keep_items = true;          // false for Select COUNT
  bool streamed = false;           // items went straight to the response (PageSpec::stream)
};

// A pass-through page that keeps its items writes them to the response as it reads them:
// this opens the response's Items array for that (write_page closes it). Otherwise nothing.
void stream_items_if_possible(JsonWriter& w, PageSpec& spec, Page& page);

// Collects rows into `page` until Limit or the 1 MB page size is reached.
storage::RowFn page_collector(const PageSpec& spec, Page& page);

// The key attributes of an item under the given schemas (LastEvaluatedKey's shape).
model::Item key_attributes(const std::vector<const storage::KeySchema*>& schemas,
                           const model::Item& item);

// A validated ExclusiveStartKey: for the table, its stored key; on an index, also the
// index entry key it resumes after.
struct StartKey {
  storage::StoredKey table_key;
  std::optional<storage::IndexRowKey> index_key;
};

// Reads and validates ExclusiveStartKey against the table's key schema, and the index's
// when reading an index.
// Query and Scan word the failures differently.
model::Result<std::optional<StartKey>> read_exclusive_start_key(const JsonValue& request,
                                                                const storage::TableInfo& info,
                                                                const storage::IndexInfo* index,
                                                                bool is_query);

// Writes Items/Count/ScannedCount/LastEvaluatedKey (the caller adds ConsumedCapacity).
void write_page(JsonWriter& w, const Page& page, bool with_items);

}  // namespace drydock::server::actions
