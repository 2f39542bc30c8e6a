#include "storage/throughput/resource_throughput.h"

#include <algorithm>

namespace drydock::storage::throughput {

namespace {

TokenBucket& bucket_of(Operation op, TokenBucket& read, TokenBucket& write) {
  return op == Operation::kRead ? read : write;
}

}  // namespace

ResourceThroughput::ResourceThroughput(std::string name, std::string arn, bool index,
                                       BillingMode mode, const Throughput& provisioned,
                                       std::int64_t bytes, const ThroughputOptions& options,
                                       Micros now, const RangeBytesFn& range_bytes)
    : name_(std::move(name)),
      arn_(std::move(arn)),
      index_(index),
      options_(options),
      range_bytes_(range_bytes) {
  on_demand_ = mode == BillingMode::PAY_PER_REQUEST;
  if (on_demand_) {
    read_rate_ = options_.on_demand.initial_read_units;
    write_rate_ = options_.on_demand.initial_write_units;
  } else {
    read_rate_ = static_cast<double>(provisioned.read);
    write_rate_ = static_cast<double>(provisioned.write);
  }
  auto new_bucket = [&](double rate) {
    double capacity = rate * bucket_seconds();
    double level = options_.start_with_burst || on_demand_ ? capacity : std::min(capacity, rate);
    return TokenBucket(rate, capacity, level, now);
  };
  read_ = new_bucket(read_rate_);
  write_ = new_bucket(write_rate_);

  int n = partitions_for(read_rate_, write_rate_, bytes, options_.partition);
  map_ = PartitionMap(n);
  partitions_.assign(static_cast<std::size_t>(n), make_partition(now));
  std::int64_t left = std::max<std::int64_t>(bytes, 0);
  for (int i = 0; i < n; ++i) {
    auto& p = partitions_[static_cast<std::size_t>(i)];
    if (range_bytes_) {
      p.bytes = range_bytes_(map_.begin(i), map_.end(i));
    } else {
      p.bytes = i + 1 == n ? left : left / (n - i);
      left -= p.bytes;
    }
  }
  // Data that sits unevenly may leave a partition past the limit (from the last index down, so a
  // split never moves a partition still to be looked at).
  for (int i = n - 1; i >= 0; --i) split_oversized(i);
  window_start_ = now;
  // A new on-demand table serves its initial capacity and, like any, may double it at most once
  // per scale interval: "throttling can still occur if the throughput exceeds twice the previous
  // peak within the same 30 minutes".
  if (on_demand_) last_scaled_ = now;
}

double ResourceThroughput::bucket_seconds() const {
  return on_demand_ ? 1.0 : options_.burst_seconds;
}

ResourceThroughput::Partition ResourceThroughput::make_partition(Micros now) const {
  Partition p;
  double read = options_.partition.read_units, write = options_.partition.write_units;
  double seconds = options_.partition_burst_seconds;
  p.read = TokenBucket(read, read * seconds, read * seconds, now);
  p.write = TokenBucket(write, write * seconds, write * seconds, now);
  return p;
}

Throttle ResourceThroughput::throttle(Operation op, ThrottleLimit limit) const {
  Throttle t;
  t.index = index_;
  t.on_demand = on_demand_;
  t.operation = op;
  t.limit = limit;
  t.resource = arn_;
  return t;
}

std::optional<Throttle> ResourceThroughput::admit(Operation op, std::int64_t hash, Micros now) {
  if (on_demand_) roll_on_demand_window(now);
  auto& part = partitions_[static_cast<std::size_t>(map_.partition_of(hash))];
  auto count = [&] {
    if (op == Operation::kRead) {
      ++throttled_reads_;
      ++part.throttled_reads;
    } else {
      ++throttled_writes_;
      ++part.throttled_writes;
    }
  };
  if (!bucket_of(op, read_, write_).admits(now)) {
    count();
    ThrottleLimit limit = ThrottleLimit::kProvisionedThroughputExceeded;
    if (on_demand_) {
      double rate = op == Operation::kRead ? read_rate_ : write_rate_;
      double quota = op == Operation::kRead ? options_.on_demand.max_read_units
                                            : options_.on_demand.max_write_units;
      limit = rate >= quota ? ThrottleLimit::kAccountLimitExceeded
                            : ThrottleLimit::kKeyRangeThroughputExceeded;
    }
    return throttle(op, limit);
  }
  if (!bucket_of(op, part.read, part.write).admits(now)) {
    count();
    return throttle(op, ThrottleLimit::kKeyRangeThroughputExceeded);
  }
  return std::nullopt;
}

void ResourceThroughput::debit(Operation op, std::int64_t hash, double units, Micros now) {
  auto& part = partitions_[static_cast<std::size_t>(map_.partition_of(hash))];
  if (on_demand_) roll_on_demand_window(now);
  bucket_of(op, read_, write_).take(units);
  bucket_of(op, part.read, part.write).take(units);
  if (op == Operation::kRead) {
    consumed_read_ += units;
    part.consumed_read += units;
    window_read_ += units;
  } else {
    consumed_write_ += units;
    part.consumed_write += units;
    window_write_ += units;
  }
}

void ResourceThroughput::record(Operation op, std::int64_t hash, double units) {
  auto& part = partitions_[static_cast<std::size_t>(map_.partition_of(hash))];
  if (op == Operation::kRead) {
    consumed_read_ += units;
    part.consumed_read += units;
  } else {
    consumed_write_ += units;
    part.consumed_write += units;
  }
}

void ResourceThroughput::roll_on_demand_window(Micros now) {
  if (now - window_start_ < kMicrosPerSecond) return;
  peak_read_ = std::max(peak_read_, window_read_);
  peak_write_ = std::max(peak_write_, window_write_);
  window_read_ = window_write_ = 0;
  window_start_ = now;

  const auto& od = options_.on_demand;
  double want_read = std::min(od.max_read_units, 2 * peak_read_);
  double want_write = std::min(od.max_write_units, 2 * peak_write_);
  if (want_read <= read_rate_ && want_write <= write_rate_) return;
  if (last_scaled_ != kNever && now - last_scaled_ < seconds_to_micros(od.scale_interval_seconds)) {
    return;
  }
  read_rate_ = std::max(read_rate_, want_read);
  write_rate_ = std::max(write_rate_, want_write);
  read_.reconfigure(read_rate_, read_rate_, now);
  write_.reconfigure(write_rate_, write_rate_, now);
  ensure_partitions_for_rates();
  last_scaled_ = now;
}

void ResourceThroughput::reconfigure(BillingMode mode, const Throughput& provisioned, Micros now) {
  bool to_on_demand = mode == BillingMode::PAY_PER_REQUEST;
  if (to_on_demand && !on_demand_) {
    // A table switched to on-demand serves at least what it was provisioned for (the Developer
    // Guide's "Pre-warming a table for on-demand capacity mode" relies on this).
    const auto& od = options_.on_demand;
    read_rate_ = std::min(od.max_read_units, std::max(od.initial_read_units, read_rate_));
    write_rate_ = std::min(od.max_write_units, std::max(od.initial_write_units, write_rate_));
    window_read_ = window_write_ = 0;
    window_start_ = now;
    last_scaled_ = now;
  } else if (!to_on_demand) {
    read_rate_ = static_cast<double>(provisioned.read);
    write_rate_ = static_cast<double>(provisioned.write);
  }
  on_demand_ = to_on_demand;
  read_.reconfigure(read_rate_, read_rate_ * bucket_seconds(), now);
  write_.reconfigure(write_rate_, write_rate_ * bucket_seconds(), now);
  ensure_partitions_for_rates();
}

void ResourceThroughput::ensure_partitions_for_rates() {
  int needed = partitions_for(read_rate_, write_rate_, 0, options_.partition);
  while (map_.size() < needed) {
    int before = map_.size();
    for (int i = before - 1; i >= 0; --i) {
      auto mid = hash_midpoint(map_.begin(i), map_.end(i));
      if (!mid) continue;
      std::int64_t lower, upper;
      if (range_bytes_) {
        lower = range_bytes_(map_.begin(i), *mid);
        upper = range_bytes_(*mid, map_.end(i));
      } else {
        lower = partitions_[static_cast<std::size_t>(i)].bytes / 2;
        upper = partitions_[static_cast<std::size_t>(i)].bytes - lower;
      }
      split_partition(i, *mid, lower, upper);
    }
    if (map_.size() == before) break;
  }
}

void ResourceThroughput::split_partition(int i, std::int64_t at, std::int64_t lower_bytes,
                                         std::int64_t upper_bytes) {
  map_.split_at(i, at);
  auto pos = partitions_.begin() + i;
  pos->bytes = lower_bytes;
  pos->first_hash = -1;
  pos->several_hashes = pos->split_failed = false;
  Partition upper = *pos;  // same bucket levels: a split creates no capacity
  upper.bytes = upper_bytes;
  upper.consumed_read = upper.consumed_write = 0;
  upper.throttled_reads = upper.throttled_writes = 0;
  partitions_.insert(pos + 1, upper);
}

void ResourceThroughput::add_bytes(std::int64_t hash, std::int64_t delta) {
  int i = map_.partition_of(hash);
  auto& p = partitions_[static_cast<std::size_t>(i)];
  p.bytes = std::max<std::int64_t>(0, p.bytes + delta);
  if (p.first_hash < 0) {
    p.first_hash = hash;
  } else if (hash != p.first_hash) {
    p.several_hashes = true;
  }
  if (p.bytes <= options_.partition.bytes) return;
  if (range_bytes_ ? p.split_failed && !p.several_hashes : !p.several_hashes) return;
  split_oversized(i);
}

std::optional<ResourceThroughput::Cut> ResourceThroughput::find_cut(int i) {
  std::int64_t begin = map_.begin(i), end = map_.end(i);
  if (!range_bytes_) {
    auto mid = hash_midpoint(begin, end);
    if (!mid) return std::nullopt;
    std::int64_t total = partitions_[static_cast<std::size_t>(i)].bytes;
    return Cut{*mid, total / 2, total - total / 2};
  }
  // Bisect towards the data until a cut leaves some on each side ("Distribute the data from P
  // evenly across P1 and P2"): one count when the data is spread, a few more when it clusters.
  std::int64_t total = partitions_[static_cast<std::size_t>(i)].bytes;  // exact: just recounted
  std::int64_t lo = begin, hi = end;
  while (auto mid = hash_midpoint(lo, hi)) {
    std::int64_t below = range_bytes_(begin, *mid);
    if (below > 0 && below < total) return Cut{*mid, below, total - below};
    if (below == 0) {
      lo = *mid;
    } else {
      hi = *mid;
    }
  }
  // All the data has one partition-key hash (lo): it cannot be divided. Try again only once
  // another hash is written here.
  auto& p = partitions_[static_cast<std::size_t>(i)];
  p.split_failed = true;
  p.first_hash = lo;
  p.several_hashes = false;
  return std::nullopt;
}

void ResourceThroughput::split_oversized(int i) {
  // Split, then look again at both halves; the stack stays in ascending index order, so splitting
  // the top entry never shifts an entry below it.
  if (partitions_[static_cast<std::size_t>(i)].bytes <= options_.partition.bytes) return;
  std::vector<int> todo{i};
  while (!todo.empty()) {
    int j = todo.back();
    todo.pop_back();
    auto& bytes = partitions_[static_cast<std::size_t>(j)].bytes;
    // With exact counts, recount first: the running total may have drifted (it never goes below 0).
    if (range_bytes_) bytes = range_bytes_(map_.begin(j), map_.end(j));
    if (bytes <= options_.partition.bytes) continue;
    auto cut = find_cut(j);
    if (!cut) continue;
    split_partition(j, cut->at, cut->lower_bytes, cut->upper_bytes);
    todo.push_back(j);
    todo.push_back(j + 1);
  }
}

ResourceState ResourceThroughput::state(Micros now) const {
  ResourceState s;
  s.name = name_;
  s.index = index_;
  s.on_demand = on_demand_;
  s.read_units_per_second = read_rate_;
  s.write_units_per_second = write_rate_;
  s.read_capacity = read_.capacity();
  s.write_capacity = write_.capacity();
  s.read_level = read_.level_at(now);
  s.write_level = write_.level_at(now);
  s.consumed_read = consumed_read_;
  s.consumed_write = consumed_write_;
  s.throttled_reads = throttled_reads_;
  s.throttled_writes = throttled_writes_;
  s.partitions.reserve(partitions_.size());
  for (int i = 0; i < map_.size(); ++i) {
    const auto& p = partitions_[static_cast<std::size_t>(i)];
    PartitionState ps;
    ps.index = i;
    ps.hash_begin = map_.begin(i);
    ps.hash_end = map_.end(i);
    ps.bytes = p.bytes;
    ps.read_units_per_second = p.read.rate();
    ps.write_units_per_second = p.write.rate();
    ps.read_level = p.read.level_at(now);
    ps.write_level = p.write.level_at(now);
    ps.consumed_read = p.consumed_read;
    ps.consumed_write = p.consumed_write;
    ps.throttled_reads = p.throttled_reads;
    ps.throttled_writes = p.throttled_writes;
    s.partitions.push_back(ps);
  }
  return s;
}

}  // namespace drydock::storage::throughput
