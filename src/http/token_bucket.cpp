#include "http/token_bucket.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace pogen::http {

namespace {

// Floating-point slack: a wait computed by time_until() must make take() succeed, even when the
// refill arithmetic lands a hair short.
constexpr double kSlack = 1e-6;

}  // namespace

TokenBucket::TokenBucket(double per_minute, TimePoint now)
    : capacity_(per_minute), per_second_(per_minute / 60.0), balance_(per_minute), updated_(now) {
  if (!(per_minute > 0) || !std::isfinite(per_minute)) {
    throw std::invalid_argument("token bucket: the rate per minute must be positive");
  }
}

void TokenBucket::refill(TimePoint now) {
  if (now <= updated_) return;
  std::chrono::duration<double> elapsed = now - updated_;
  balance_ = std::min(capacity_, balance_ + elapsed.count() * per_second_);
  updated_ = now;
}

double TokenBucket::available(TimePoint now) {
  refill(now);
  return balance_;
}

bool TokenBucket::take(double n, TimePoint now) {
  refill(now);
  if (balance_ + kSlack < needed(n)) return false;
  balance_ -= n;
  return true;
}

Duration TokenBucket::time_until(double n, TimePoint now) {
  refill(now);
  double missing = needed(n) - balance_;
  if (missing <= kSlack) return Duration::zero();
  // Rounded up, so that waiting this long is always enough.
  std::chrono::duration<double> seconds(missing / per_second_);
  return std::chrono::ceil<Duration>(seconds);
}

void TokenBucket::adjust(double delta, TimePoint now) {
  refill(now);
  balance_ = std::min(capacity_, balance_ - delta);
}

}  // namespace pogen::http
