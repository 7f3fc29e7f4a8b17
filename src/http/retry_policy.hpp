#pragma once
// When to retry an HTTP exchange and how long to wait first: full-jitter exponential backoff
// (delay for retry k uniform in [0, min(cap, base * 2^k)], which spreads the retries of many
// clients apart instead of synchronising them), unless the server said how long to wait.

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

#include "core/clock.hpp"
#include "http/http_types.hpp"

namespace pogen::http {

struct RetryPolicy {
  Duration base = std::chrono::seconds(1);
  Duration cap = std::chrono::seconds(60);
  int max_retries = 8;
};

// A server asking for more than this is answered with this: one hour is already longer than
// any real rate-limit window, and a larger value is a bug or a hostile proxy.
inline constexpr Duration kMaxServerDelay = std::chrono::hours(1);

// 408, 409, 429, 500, 502, 503, 504 and 529 (overloaded, Anthropic-compatible gateways).
bool is_retryable_status(long status);

// min(cap, base * 2^retry), without overflow for any retry number.
Duration backoff_ceiling(const RetryPolicy& policy, int retry);
// The delay before retry number `retry` (0-based) for a draw `uniform01` in [0, 1].
Duration full_jitter_delay(const RetryPolicy& policy, int retry, double uniform01);

// What the server asked for: `retry-after-ms` (milliseconds, as OpenAI sends), else
// `retry-after` as delta-seconds or an HTTP date (a date in the past means now). nullopt when
// absent or unreadable. Never negative; at most kMaxServerDelay.
std::optional<Duration> parse_retry_after(const HttpResponse& response,
                                          std::chrono::system_clock::time_point now);

// The uniform draws of the backoff: seeded for reproducible runs, or from the random device.
class Jitter {
 public:
  explicit Jitter(std::uint64_t seed = 0);  // 0: from std::random_device
  double next();                            // in [0, 1)

 private:
  std::mt19937_64 engine_;
  std::uniform_real_distribution<double> uniform_{0.0, 1.0};
};

}  // namespace pogen::http
