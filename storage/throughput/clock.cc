#include "storage/throughput/clock.h"

#include <cassert>
#include <chrono>

namespace drydock::storage::throughput {

Micros SteadyClock::now() const {
  auto since_epoch = std::chrono::steady_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
}

void ManualClock::advance(Micros delta) {
  assert(delta >= 0);
  now_ += delta;
}

}  // namespace drydock::storage::throughput
