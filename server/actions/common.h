// Pieces several actions share: table lookup, key extraction with DynamoDB's messages,
// the TableDescription shape, ConsumedCapacity.
#pragma once

#include <optional>
#include <string_view>

#include "model/attribute_value.h"
#include "server/action.h"
#include "storage/database.h"

namespace drydock::server::actions {

// ResourceNotFoundException "Requested resource not found" when absent (item operations).
model::Result<storage::Table*> require_table(ActionContext& ctx, std::string_view name);

// The key of GetItem/DeleteItem/UpdateItem's Key parameter: exactly the schema's key
// attributes, of the schema's types, non-empty.
model::Result<storage::StoredKey> key_from_key_param(const storage::TableInfo& info,
                                                     const model::AttributeMap& key);

// The key of a whole item (PutItem): key attributes present, typed, non-empty, in limits.
model::Result<storage::StoredKey> key_from_item(const storage::TableInfo& info,
                                                const model::Item& item);

// Item size limit (400 KB) with DynamoDB's message.
model::Result<void> check_item_size(const model::Item& item);

// Reads ReturnConsumedCapacity (NONE, TOTAL, INDEXES) into Validation-friendly form.
enum class CapacityDetail { NONE, TOTAL, INDEXES };
std::optional<CapacityDetail> parse_capacity_detail(std::string_view text);
// Writes "ConsumedCapacity": {...} for one table when detail is not NONE.
void write_consumed_capacity(JsonWriter& w, CapacityDetail detail, std::string_view table,
                             double units, bool is_write, bool indexes_breakdown);
// The members of one ConsumedCapacity object (for the lists that batch operations return).
void write_capacity_members(JsonWriter& w, CapacityDetail detail, std::string_view table,
                            double units, bool is_write);

// TableDescription as DescribeTable, CreateTable, DeleteTable and UpdateTable return it.
// A non-empty status_override replaces TableStatus (and the status of GSIs), for the
// transient status an operation answers with (CREATING, DELETING, UPDATING).
void write_table_description(JsonWriter& w, const storage::Table& table,
                             std::string_view status_override = {});

}  // namespace drydock::server::actions
