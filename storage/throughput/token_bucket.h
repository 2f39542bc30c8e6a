// TokenBucket: capacity units that accrue at `rate` per second up to `capacity`.
//
// DynamoDB's burst capacity: "DynamoDB currently retains up to five minutes (300 seconds) of
// unused read and write capacity. During an occasional burst of read or write activity, these extra
// capacity units can be consumed quickly—even faster than the per-second provisioned throughput
// capacity that you've defined for your table" (Developer Guide, "DynamoDB burst capacity").
// A provisioned table's bucket therefore holds rate x 300 units.
//
// A request is admitted while the level is positive and may take it below zero: DynamoDB serves a
// request that needs more units than are left (a 400 KB write against a table with 1 WCU and a
// spent burst still succeeds) and the debt delays the requests that follow. So a request is
// refused only once every accrued unit is spent, never merely because it is large.
#pragma once

#include "storage/throughput/clock.h"

namespace drydock::storage::throughput {

class TokenBucket {
 public:
  TokenBucket() = default;
  // REQUIRES: rate >= 0, capacity >= 0, level <= capacity.
  TokenBucket(double rate, double capacity, double level, Micros now)
      : rate_(rate), capacity_(capacity), level_(level), updated_(now) {}

  double rate() const { return rate_; }
  double capacity() const { return capacity_; }
  // The level at `now` (negative while in debt), without changing the bucket.
  double level_at(Micros now) const;

  // Whether a request arriving at `now` is served: the level after accrual is positive.
  bool admits(Micros now) {
    refill(now);
    return level_ > 0;
  }
  // Takes `units` (after admits(); may leave the level negative).
  void take(double units) { level_ -= units; }

  // Changes rate and capacity from `now` on (UpdateTable): units accrued so far at the old rate are
  // kept, up to the new capacity.
  void reconfigure(double rate, double capacity, Micros now);

 private:
  void refill(Micros now);

  double rate_ = 0;
  double capacity_ = 0;
  double level_ = 0;
  Micros updated_ = 0;
};

}  // namespace drydock::storage::throughput
