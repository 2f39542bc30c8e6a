// The action table: DynamoDB operation name -> handler. Adding an operation is one row
// here, one file in server/actions/, one test file.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "model/error.h"
#include "server/json.h"
#include "storage/database.h"

namespace drydock::server {

struct ServerSettings;

// What an action sees: the namespace's database, the parsed request, a writer for the
// response, and the server's settings. The caller opens and closes the response object;
// an action writes its members, or returns an error, in which case what it wrote is
// discarded.
struct ActionContext {
  storage::Database& db;
  const JsonValue& request;
  JsonWriter& out;
  const ServerSettings& settings;
  std::string_view region;
};

using ActionFn = model::Result<void> (*)(ActionContext&);

enum class Action : std::uint8_t {
  CreateTable,
  DescribeTable,
  ListTables,
  DeleteTable,
  UpdateTable,
  PutItem,
  GetItem,
  DeleteItem,
  UpdateItem,
  Query,
  Scan,
  BatchGetItem,
  BatchWriteItem,
  DescribeLimits,
};

struct ActionRow {
  std::string_view name;  // as in X-Amz-Target: DynamoDB_20120810.<name>
  Action action;
  ActionFn fn;
};

// nullptr for an unknown operation.
const ActionRow* find_action(std::string_view name);

// Epoch seconds with millisecond precision, as DynamoDB's timestamps.
double now_seconds();

}  // namespace drydock::server
