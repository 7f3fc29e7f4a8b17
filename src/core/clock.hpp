#pragma once
// The time source of the event loop, injectable so that retry delays, rate buckets and timeouts
// are tested without sleeping: a ManualClock only moves when told to, and the event loop moves it
// to the next timer when nothing else can happen.

#include <chrono>

namespace pogen {

using Duration = std::chrono::steady_clock::duration;
using TimePoint = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // False for a manual clock: waiting on it must jump, not sleep.
  virtual bool ticks_by_itself() const = 0;
  virtual void advance_to(TimePoint) {}
};

class SteadyClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
  bool ticks_by_itself() const override { return true; }
};

class ManualClock final : public Clock {
 public:
  TimePoint now() const override { return now_; }
  bool ticks_by_itself() const override { return false; }
  void advance_to(TimePoint t) override {
    if (t > now_) now_ = t;
  }
  void advance(Duration d) { now_ += d; }

 private:
  TimePoint now_{std::chrono::hours(1)};
};

}  // namespace pogen
