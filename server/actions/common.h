// Pieces several actions share: table lookup, key extraction with DynamoDB's messages,
// the TableDescription shape. ConsumedCapacity is capacity.h's.
#pragma once

#include <map>
#include <optional>
#include <string_view>

#include "model/attribute_value.h"
#include "server/action.h"
#include "server/actions/capacity.h"
#include "storage/database.h"

namespace drydock::server::actions {

// ResourceNotFoundException "Requested resource not found" when absent (item operations),
// or not usable yet or any more: CREATING or DELETING (the API Reference: "The resource might
// not be specified correctly, or its status might not be ACTIVE"; dynalite, recorded against
// DynamoDB, answers both the same way). UPDATING tables serve items as usual.
model::Result<storage::Table*> require_table(ActionContext& ctx, std::string_view name);

// DeleteTable / UpdateTable on a table in a transient status: ResourceInUseException "Attempt
// to change a resource which is still in use: Table is being created|updated|deleted: NAME".
model::Result<void> check_table_not_in_transition(const storage::Table& table);

// The key of GetItem/DeleteItem/UpdateItem's Key parameter: exactly the schema's key
// attributes, of the schema's types, non-empty.
model::Result<storage::StoredKey> key_from_key_param(const storage::TableInfo& info,
                                                     const model::AttributeMap& key);

// The key of a whole item (PutItem): key attributes present, typed, non-empty, in limits.
model::Result<storage::StoredKey> key_from_item(const storage::TableInfo& info,
                                                const model::Item& item);

// Item size limit (400 KB) with DynamoDB's message.
model::Result<void> check_item_size(const model::Item& item);

// One ItemCollectionMetrics object: {"ItemCollectionKey": {pk: v}, "SizeEstimateRangeGB":
// [lower, upper]} for the collection holding `item` (any item or key with the partition key).
void write_item_collection_metrics(JsonWriter& w, const storage::TableInfo& info,
                                   const model::AttributeMap& item, std::int64_t bytes);
// "ItemCollectionMetrics": {...} for a single-item write when it was asked for (SIZE) and the
// table has local secondary indexes.
void write_item_collection_member(JsonWriter& w, std::optional<std::string_view> requested,
                                  const storage::TableInfo& info, const storage::WriteResult& r,
                                  const model::AttributeMap& key);

// TableDescription as DescribeTable, CreateTable, DeleteTable and UpdateTable return it.
// A non-empty status_override replaces TableStatus (and the status of GSIs), for the
// transient status an operation answers with (CREATING, DELETING, UPDATING).
void write_table_description(JsonWriter& w, const storage::Table& table,
                             std::string_view status_override = {},
                             const std::map<std::string, std::string, std::less<>>* index_status =
                                 nullptr);

}  // namespace drydock::server::actions
