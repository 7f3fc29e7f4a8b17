#pragma once
// A token bucket refilled continuously at a per-minute rate, holding at most one minute's worth
// (so an idle endpoint may take a minute's budget at once, as providers' own limits allow).
// Used for requests per minute (one token a request) and tokens per minute (the request's
// estimated tokens, corrected from the usage the server reports afterwards). A correction may
// push the balance below zero: the debt delays the requests that follow.

#include "core/clock.hpp"

namespace pogen::http {

class TokenBucket {
 public:
  // Starts full at `now`. per_minute must be positive.
  TokenBucket(double per_minute, TimePoint now);

  double capacity() const { return capacity_; }
  double available(TimePoint now);

  // Takes n tokens if the bucket allows it now. A request larger than the capacity is allowed
  // once the bucket is full (it could never be otherwise), leaving the balance negative.
  bool take(double n, TimePoint now);
  // How long until take(n) succeeds; zero when it would now.
  Duration time_until(double n, TimePoint now);
  // Adds delta tokens consumed (positive: more than estimated) or gives tokens back (negative).
  void adjust(double delta, TimePoint now);

 private:
  void refill(TimePoint now);
  double needed(double n) const { return n < capacity_ ? n : capacity_; }

  double capacity_;
  double per_second_;
  double balance_;
  TimePoint updated_;
};

}  // namespace pogen::http
