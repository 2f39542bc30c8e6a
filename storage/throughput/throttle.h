// The errors DynamoDB returns when it throttles a request, word for word, and the
// ThrottlingReason that accompanies them.
//
// Messages, as DynamoDB sends them (the API Reference lists them under TransactWriteItems'
// CancellationReasons, with a trailing period the wire messages of the provisioned cases lack;
// the texts here follow the wire, as seen in SDK error logs):
//  - provisioned table: ProvisionedThroughputExceededException "The level of configured provisioned
//    throughput for the table was exceeded. Consider increasing your provisioning level with the
//    UpdateTable API."
//  - provisioned global secondary index: ProvisionedThroughputExceededException "The level of
//    configured provisioned throughput for one or more global secondary indexes of the table was
//    exceeded. Consider increasing your provisioning level for the under-provisioned global
//    secondary indexes with the UpdateTable API"
//  - on-demand table ("returned when writes get throttled on an On-Demand table as DynamoDB is
//    automatically scaling the table"): ThrottlingException "Throughput exceeds the current
//    capacity of your table or index. DynamoDB is automatically scaling your table or index so
//    please try again shortly. If exceptions persist, check if you have a hot key:
//    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html"
//  - on-demand global secondary index: ThrottlingException "Throughput exceeds the current capacity
//    for one or more global secondary indexes. DynamoDB is automatically scaling your index so
//    please try again shortly."
//
// ThrottlingReason (API Reference, "ThrottlingReason"): reason is
// ResourceType + OperationType + LimitType, e.g. "TableReadProvisionedThroughputExceeded" or
// "IndexWriteAccountLimitExceeded"; resource is the ARN of the throttled table or index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/error.h"

namespace drydock::storage::throughput {

inline constexpr std::string_view kTableThroughputExceededMessage =
    "The level of configured provisioned throughput for the table was exceeded. Consider "
    "increasing your provisioning level with the UpdateTable API.";
inline constexpr std::string_view kIndexThroughputExceededMessage =
    "The level of configured provisioned throughput for one or more global secondary indexes of "
    "the table was exceeded. Consider increasing your provisioning level for the "
    "under-provisioned global secondary indexes with the UpdateTable API";
inline constexpr std::string_view kOnDemandTableThrottledMessage =
    "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically "
    "scaling your table or index so please try again shortly. If exceptions persist, check if you "
    "have a hot key: "
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
inline constexpr std::string_view kOnDemandIndexThrottledMessage =
    "Throughput exceeds the current capacity for one or more global secondary indexes. DynamoDB "
    "is automatically scaling your index so please try again shortly.";

enum class Operation : std::uint8_t { kRead, kWrite };

// The LimitType part of a ThrottlingReason.
enum class ThrottleLimit : std::uint8_t {
  // A provisioned table's or GSI's capacity (with its burst) is spent.
  kProvisionedThroughputExceeded,
  // An on-demand table or GSI reached the per-table throughput quota (40,000 units per second).
  kAccountLimitExceeded,
  // One partition's limit (3,000 read / 1,000 write units per second), or an on-demand table that
  // has not yet scaled to the traffic.
  kKeyRangeThroughputExceeded,
  // An on-demand table's configured maximum throughput (OnDemandThroughput).
  kMaxOnDemandThroughputExceeded,
};

// Why a request was throttled, for the error and for the ThrottlingReasons list.
struct Throttle {
  bool index = false;      // a global secondary index (else the table)
  bool on_demand = false;  // PAY_PER_REQUEST billing
  Operation operation = Operation::kRead;
  ThrottleLimit limit = ThrottleLimit::kProvisionedThroughputExceeded;
  std::string resource;  // ARN of the table, or of the index (table ARN + "/index/" + name)

  // "TableWriteProvisionedThroughputExceeded", ...
  std::string reason() const;
  // ProvisionedThroughputExceededException (provisioned) or ThrottlingException (on-demand), with
  // the message above.
  model::Error error() const;
  // The CancellationReason Code a throttled TransactWriteItems/TransactGetItems item gets:
  // "ProvisionedThroughputExceeded" or "ThrottlingError" (API Reference, TransactWriteItems), with
  // error().message as its Message.
  std::string_view cancellation_code() const {
    return on_demand ? "ThrottlingError" : "ProvisionedThroughputExceeded";
  }
};

}  // namespace drydock::storage::throughput
