// drydock's administrative requests, beside DynamoDB's API on the same endpoint:
// POST / with X-Amz-Target: DrydockAdmin.<Operation> and a JSON body, signed like any
// DynamoDB request (the signature names the namespace). They let tests pin and observe
// what DynamoDB leaves to timing:
//   SetGsiLag {"LagMs": n}       GSI propagation delay from now on -> {"LagMs": n}
//   WaitForIndexes {}            apply every pending GSI update and finish backfills
//                                -> {"PendingUpdates": 0}
//   DescribeIndexPropagation {}  -> {"LagMs": n, "PendingUpdates": n}
// and the capacity simulation (storage/throughput), for a table of the request's namespace:
//   DescribePartitions {"TableName": t}
//       -> {"TableName", "BillingMode", "Enforcing", "ClockMicros", "Table": Resource,
//           "GlobalSecondaryIndexes": [Resource...]}, a Resource being the table's (or an
//           index's) rates, burst bucket sizes and levels, consumption and throttle counts, and
//           "Partitions": [{"Index", "HashBegin", "HashEnd", "SizeBytes", rates, levels,
//           consumption, throttle counts}]. Consumption counts the requests that were charged:
//           all of them with enforcement on; with it off, those that asked for
//           ReturnConsumedCapacity (the others skip the arithmetic, to stay fast). Partition
//           sizes follow every write.
//   SetThroughputEnforcement {"TableName": t, "Enforce": bool}
//       throttling on or off for one table (the --throughput flag sets the default)
//       -> {"TableName": t, "Enforcing": bool}
//   AdvanceClock {"Milliseconds": n}   moves the capacity clock of a server started with
//       --clock=manual -> {"ClockMicros": n}
#pragma once

#include <string_view>

#include "server/action.h"
#include "storage/engine.h"

namespace drydock::server {

struct AdminContext {
  storage::Engine& engine;
  const JsonValue& request;
  JsonWriter& out;
  // The database file of the request's namespace (as for DynamoDB requests); opened only by
  // the operations that need a table.
  std::string_view namespace_file;
};

using AdminFn = model::Result<void> (*)(AdminContext&);

// nullptr for an unknown administrative operation.
AdminFn find_admin_action(std::string_view name);

}  // namespace drydock::server
