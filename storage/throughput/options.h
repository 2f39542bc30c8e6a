// ThroughputOptions: the knobs of the capacity simulation, with DynamoDB's documented values as
// defaults. The server sets `enforce` from its --throughput flag; tests shrink the limits.
#pragma once

#include "storage/throughput/partition_map.h"

namespace drydock::storage::throughput {

// On-demand (PAY_PER_REQUEST) tables and their global secondary indexes. Developer Guide, "DynamoDB
// on-demand capacity mode", "Initial throughput and scaling properties", and "Pre-warming a table
// for on-demand capacity mode":
//   "New on-demand tables will be able to sustain up to 4,000 writes per second and 12,000 reads
//    per second";
//   "On-demand capacity mode instantly accommodates up to double the previous peak traffic on a
//    table";
//   "throttling can still occur if the throughput exceeds twice the previous peak within the same
//    30 minutes".
// And "Quotas", "Throughput default quotas": on-demand, per table, "40,000 read request units and
// 40,000 write request units".
struct OnDemandOptions {
  double initial_read_units = 12000;
  double initial_write_units = 4000;
  double max_read_units = 40000;
  double max_write_units = 40000;
  // The capacity may double at most once per this many seconds.
  double scale_interval_seconds = 30 * 60;
};

struct ThroughputOptions {
  // Off (the default): capacity is only counted, never refused, and no clock is read.
  bool enforce = false;
  // "DynamoDB currently retains up to five minutes (300 seconds) of unused read and write
  // capacity" (Developer Guide, "DynamoDB burst capacity").
  double burst_seconds = 300;
  // Whether a new table starts with its burst full (as if idle for burst_seconds) or empty.
  bool start_with_burst = true;
  // Seconds of unused capacity one partition keeps. "Burst capacity can't alleviate
  // partition-level throttling ... If a resulting hot partition exceeds the per partition limits of
  // 3,000 RCU or 1,000 WCU per second ... your table throttles" (AWS Knowledge Center, "How does
  // DynamoDB handle spiky workloads in short intervals?"), so a partition keeps one second's worth.
  double partition_burst_seconds = 1;
  PartitionLimits partition;
  OnDemandOptions on_demand;
};

}  // namespace drydock::storage::throughput
