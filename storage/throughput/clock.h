// Clock: the time source of the throughput simulation. The server uses SteadyClock; tests, and a
// server started with a controllable clock, use ManualClock, which only moves when told to (an
// administrative request can advance it), so throttling is deterministic.
#pragma once

#include <cstdint>

namespace drydock::storage::throughput {

// Microseconds since an arbitrary epoch; only differences matter.
using Micros = std::int64_t;
constexpr Micros kMicrosPerSecond = 1'000'000;

constexpr Micros seconds_to_micros(double seconds) {
  return static_cast<Micros>(seconds * static_cast<double>(kMicrosPerSecond));
}
constexpr double micros_to_seconds(Micros micros) {
  return static_cast<double>(micros) / static_cast<double>(kMicrosPerSecond);
}

class Clock {
 public:
  virtual ~Clock() = default;
  // Never decreases.
  virtual Micros now() const = 0;
};

// std::chrono::steady_clock.
class SteadyClock final : public Clock {
 public:
  Micros now() const override;
};

// Time that moves only through advance(). Not thread-safe (the server runs one thread).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Micros start = 0) : now_(start) {}
  Micros now() const override { return now_; }
  // REQUIRES: delta >= 0.
  void advance(Micros delta);
  void advance_seconds(double seconds) { advance(seconds_to_micros(seconds)); }

 private:
  Micros now_;
};

}  // namespace drydock::storage::throughput
