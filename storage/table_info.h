// TableInfo: everything the catalog knows of a table (what DescribeTable reports).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/attribute_value.h"
#include "model/error.h"

namespace drydock::storage {

struct KeyElement {
  std::string name;
  model::Type type = model::Type::S;  // S, N or B
};

struct KeySchema {
  KeyElement hash;
  std::optional<KeyElement> range;
};

enum class ProjectionType : std::uint8_t { ALL, KEYS_ONLY, INCLUDE };

struct Projection {
  ProjectionType type = ProjectionType::ALL;
  std::vector<std::string> non_key_attributes;
};

struct Throughput {
  std::int64_t read = 0;
  std::int64_t write = 0;
  double last_increase = 0;  // epoch seconds, 0 = never
  double last_decrease = 0;
  std::int64_t decreases_today = 0;
};

enum class BillingMode : std::uint8_t { PROVISIONED, PAY_PER_REQUEST };

struct IndexInfo {
  std::string name;
  KeySchema key;
  Projection projection;
  bool global = false;
  std::string status = "ACTIVE";  // GSIs: CREATING, UPDATING, DELETING, ACTIVE
  bool backfilling = false;
  Throughput throughput;  // GSIs only
  std::int64_t storage_id = 0;  // names the SQLite table that holds the index entries
};

struct TableInfo {
  std::string name;
  std::string id;  // TableId, a UUID
  std::string arn;
  double creation_time = 0;  // epoch seconds, millisecond precision
  std::string status = "ACTIVE";
  std::vector<KeyElement> attribute_definitions;
  KeySchema key;
  BillingMode billing_mode = BillingMode::PROVISIONED;
  double billing_mode_changed = 0;  // LastUpdateToPayPerRequestDateTime
  Throughput throughput;
  std::vector<IndexInfo> local_indexes;
  std::vector<IndexInfo> global_indexes;
  bool deletion_protection = false;
  std::string table_class = "STANDARD";

  std::int64_t storage_id = 0;  // names the SQLite table that holds the items
};

// Catalog persistence: a TableInfo as a model::Item, stored with the binary item codec.
model::Item to_item(const TableInfo& info);
model::Result<TableInfo> table_info_from_item(const model::Item& item);

}  // namespace drydock::storage
