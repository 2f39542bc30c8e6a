// drydock's administrative requests, beside DynamoDB's API on the same endpoint:
// POST / with X-Amz-Target: DrydockAdmin.<Operation> and a JSON body, signed like any
// DynamoDB request (the signature names the namespace). They let tests pin and observe
// what DynamoDB leaves to timing:
//   SetGsiLag {"LagMs": n}       GSI propagation delay from now on -> {"LagMs": n}
//   WaitForIndexes {}            apply every pending GSI update and finish backfills
//                                -> {"PendingUpdates": 0}
//   DescribeIndexPropagation {}  -> {"LagMs": n, "PendingUpdates": n}
#pragma once

#include <string_view>

#include "server/action.h"
#include "storage/engine.h"

namespace drydock::server {

struct AdminContext {
  storage::Engine& engine;
  const JsonValue& request;
  JsonWriter& out;
};

using AdminFn = model::Result<void> (*)(AdminContext&);

// nullptr for an unknown administrative operation.
AdminFn find_admin_action(std::string_view name);

}  // namespace drydock::server
