#include "storage/throughput/token_bucket.h"

#include <algorithm>

namespace drydock::storage::throughput {

double TokenBucket::level_at(Micros now) const {
  if (now <= updated_) return level_;
  double accrued = rate_ * micros_to_seconds(now - updated_);
  return std::min(capacity_, level_ + accrued);
}

void TokenBucket::refill(Micros now) {
  level_ = level_at(now);
  if (now > updated_) updated_ = now;
}

void TokenBucket::reconfigure(double rate, double capacity, Micros now) {
  refill(now);
  rate_ = rate;
  capacity_ = capacity;
  level_ = std::min(level_, capacity_);
}

}  // namespace drydock::storage::throughput
