// Reading and validating a table definition (CreateTable's parameters), shared by
// CreateTable and UpdateTable's index creation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/json.h"
#include "storage/table_info.h"

namespace drydock::server::actions {

struct KeySchemaParam {
  std::optional<std::string> name;
  std::optional<std::string> key_type;
};

struct ThroughputParam {
  std::optional<std::int64_t> read, write;
};

struct ProjectionParam {
  std::optional<std::string> type;
  std::optional<std::vector<std::string>> non_key_attributes;
};

struct IndexParam {
  std::optional<std::string> name;
  std::optional<std::vector<KeySchemaParam>> key_schema;
  std::optional<ProjectionParam> projection;
  std::optional<ThroughputParam> throughput;
};

struct AttributeDefinitionParam {
  std::optional<std::string> name;
  std::optional<std::string> type;
};

struct TableDefinition {
  std::optional<std::string> table_name;
  std::optional<std::vector<AttributeDefinitionParam>> attribute_definitions;
  std::optional<std::vector<KeySchemaParam>> key_schema;
  std::optional<std::vector<IndexParam>> local_indexes;
  std::optional<std::vector<IndexParam>> global_indexes;
  std::optional<std::string> billing_mode;
  std::optional<ThroughputParam> throughput;
  std::optional<bool> deletion_protection;
  std::optional<std::string> table_class;
};

// Deserialises (SerializationException on wrong JSON types).
model::Result<TableDefinition> read_table_definition(const JsonValue& request);
model::Result<std::optional<ThroughputParam>> read_throughput(const JsonValue& obj,
                                                              const char* name);
model::Result<std::optional<IndexParam>> read_index(const JsonValue& v);

// Coral constraint validation ("N validation errors detected: ...").
model::Result<void> validate_table_definition(const TableDefinition& def);

// Semantic checks (key schema shape, attribute definitions, billing, indexes) and the
// resulting TableInfo (name, key, definitions, billing, throughput, indexes).
// allow_unused_definitions: for UpdateTable's index creation, where the definition list
// also serves the table's other indexes.
model::Result<storage::TableInfo> build_table_info(const TableDefinition& def,
                                                   bool allow_unused_definitions = false);

std::optional<model::Type> key_attribute_type(std::string_view name);

}  // namespace drydock::server::actions
