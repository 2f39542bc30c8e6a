// ResourceThroughput: the capacity state of one table or one global secondary index — its token
// buckets, its partitions with their own buckets, and what it has consumed. TableThroughput
// combines one for the table with one per GSI; use that.
//
// Provisioned: a read and a write bucket at the provisioned rate, holding burst_seconds (300) of
// unused capacity. On-demand: buckets at the current on-demand capacity (initially 12,000 reads and
// 4,000 writes per second) holding one second of it; the capacity doubles to twice the highest
// one-second consumption seen, at most once per scale interval, up to the per-table quota.
// Either way, every partition has its own read and write bucket at the per-partition limits
// (3,000 / 1,000 units per second) holding partition_burst_seconds of capacity.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "storage/table_info.h"
#include "storage/throughput/clock.h"
#include "storage/throughput/options.h"
#include "storage/throughput/partition_map.h"
#include "storage/throughput/throttle.h"
#include "storage/throughput/token_bucket.h"

namespace drydock::storage::throughput {

// Bytes of the items whose partition hash is in [begin, end) (end == kHashEnd includes INT64_MAX,
// as in storage::ScanRange). Lets partition splits divide data exactly; optional.
using RangeBytesFn = std::function<std::int64_t(std::int64_t begin, std::int64_t end)>;

// One partition, as the administrative request shows it.
struct PartitionState {
  int index = 0;
  std::int64_t hash_begin = 0;
  std::int64_t hash_end = kHashEnd;  // exclusive, except kHashEnd includes INT64_MAX
  std::int64_t bytes = 0;            // data tracked in the partition (tables only)
  double read_units_per_second = 0;  // the partition's limits
  double write_units_per_second = 0;
  double read_level = 0;  // units available now; negative while in debt
  double write_level = 0;
  double consumed_read = 0;  // since the table was created (or the server started)
  double consumed_write = 0;
  std::int64_t throttled_reads = 0;
  std::int64_t throttled_writes = 0;
};

// One table or global secondary index.
struct ResourceState {
  std::string name;  // table name, or index name
  bool index = false;
  bool on_demand = false;
  double read_units_per_second = 0;  // provisioned throughput, or current on-demand capacity
  double write_units_per_second = 0;
  double read_capacity = 0;  // bucket sizes: units that can accrue (the burst)
  double write_capacity = 0;
  double read_level = 0;
  double write_level = 0;
  double consumed_read = 0;
  double consumed_write = 0;
  std::int64_t throttled_reads = 0;
  std::int64_t throttled_writes = 0;
  std::vector<PartitionState> partitions;
};

class ResourceThroughput {
 public:
  // `provisioned` is ignored for PAY_PER_REQUEST. `bytes` is the data already stored, spread over
  // the partitions by range_bytes when given, evenly otherwise. range_bytes, when given, also
  // places every later split so that both sides hold data, and counts each side exactly; without
  // it a partition splits at the middle of its hash range and each side is assumed to hold half.
  ResourceThroughput(std::string name, std::string arn, bool index, BillingMode mode,
                     const Throughput& provisioned, std::int64_t bytes,
                     const ThroughputOptions& options, Micros now,
                     const RangeBytesFn& range_bytes = {});

  const std::string& name() const { return name_; }
  bool on_demand() const { return on_demand_; }
  const PartitionMap& partitions() const { return map_; }

  // Whether a request for `op` on the partition of `hash` is served at `now`; the reason if not.
  // Counts the throttled request.
  std::optional<Throttle> admit(Operation op, std::int64_t hash, Micros now);
  // Takes `units` from the resource's and the partition's buckets (after admit).
  void debit(Operation op, std::int64_t hash, double units, Micros now);
  // Counts `units` as consumed without touching a bucket (enforcement off).
  void record(Operation op, std::int64_t hash, double units);

  // New billing mode or provisioned throughput (UpdateTable), effective from `now`. Partitions
  // double until they cover the new throughput; they never merge.
  void reconfigure(BillingMode mode, const Throughput& provisioned, Micros now);

  // `delta` bytes of data added to (or, negative, removed from) the partition of `hash`; a
  // partition past the size limit splits in two ("If an existing partition fills to capacity and
  // more storage space is required"), repeatedly if need be. Data under a single partition key
  // hash cannot be divided and stays in one (oversized) partition.
  void add_bytes(std::int64_t hash, std::int64_t delta);

  ResourceState state(Micros now) const;

 private:
  struct Partition {
    TokenBucket read, write;
    std::int64_t bytes = 0;
    double consumed_read = 0, consumed_write = 0;
    std::int64_t throttled_reads = 0, throttled_writes = 0;
    // The partition-key hashes written since the partition was made: the first, and whether
    // another followed. Data of one hash cannot be divided, so a split is only tried once two
    // hashes are known to be there (without range_bytes), or again after a failed attempt.
    std::int64_t first_hash = -1;
    bool several_hashes = false;
    bool split_failed = false;
  };

  // Where to split a partition, and the bytes on each side.
  struct Cut {
    std::int64_t at;
    std::int64_t lower_bytes, upper_bytes;
  };

  static constexpr Micros kNever = std::numeric_limits<Micros>::min();

  void ensure_partitions_for_rates();
  Partition make_partition(Micros now) const;
  void split_partition(int i, std::int64_t at, std::int64_t lower_bytes, std::int64_t upper_bytes);
  std::optional<Cut> find_cut(int i);
  void split_oversized(int i);
  void roll_on_demand_window(Micros now);
  double bucket_seconds() const;
  Throttle throttle(Operation op, ThrottleLimit limit) const;

  std::string name_, arn_;
  bool index_;
  ThroughputOptions options_;
  RangeBytesFn range_bytes_;
  bool on_demand_ = false;
  double read_rate_ = 0, write_rate_ = 0;
  TokenBucket read_, write_;
  PartitionMap map_;
  std::vector<Partition> partitions_;  // parallel to map_
  double consumed_read_ = 0, consumed_write_ = 0;
  std::int64_t throttled_reads_ = 0, throttled_writes_ = 0;

  // On-demand scaling: consumption in the current one-second window, the highest seen, and when the
  // capacity last grew.
  Micros window_start_ = 0;
  double window_read_ = 0, window_write_ = 0;
  double peak_read_ = 0, peak_write_ = 0;
  Micros last_scaled_ = kNever;
};

}  // namespace drydock::storage::throughput
