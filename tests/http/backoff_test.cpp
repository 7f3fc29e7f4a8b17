#include <catch2/catch.hpp>
#include <chrono>
#include <set>

#include "http/retry_policy.hpp"

using namespace std::chrono_literals;
using pogen::Duration;
using pogen::http::backoff_ceiling;
using pogen::http::full_jitter_delay;
using pogen::http::is_retryable_status;
using pogen::http::Jitter;
using pogen::http::RetryPolicy;

TEST_CASE("only transient statuses are retryable", "[retry]") {
  for (long status : {408, 409, 429, 500, 502, 503, 504, 529}) {
    INFO(status);
    CHECK(is_retryable_status(status));
  }
  for (long status : {0, 200, 204, 301, 400, 401, 403, 404, 405, 413, 422, 501, 505, 599}) {
    INFO(status);
    CHECK_FALSE(is_retryable_status(status));
  }
}

TEST_CASE("the backoff ceiling doubles from the base up to the cap", "[retry]") {
  RetryPolicy policy{1s, 60s, 8};
  CHECK(backoff_ceiling(policy, 0) == 1s);
  CHECK(backoff_ceiling(policy, 1) == 2s);
  CHECK(backoff_ceiling(policy, 5) == 32s);
  CHECK(backoff_ceiling(policy, 6) == 60s);
  CHECK(backoff_ceiling(policy, 1000) == 60s);  // no overflow however many retries

  RetryPolicy huge_cap{1s, Duration::max(), 8};
  CHECK(backoff_ceiling(huge_cap, 100000) == Duration::max());
}

TEST_CASE("full jitter draws uniformly between zero and the ceiling", "[retry]") {
  RetryPolicy policy{500ms, 60s, 8};
  CHECK(full_jitter_delay(policy, 3, 0.0) == 0s);
  CHECK(full_jitter_delay(policy, 3, 1.0) == 4s);
  CHECK(full_jitter_delay(policy, 3, 0.25) == 1s);
  CHECK(full_jitter_delay(policy, 3, 7.0) == 4s);  // out-of-range draws are clamped
  CHECK(full_jitter_delay(policy, 3, -1.0) == 0s);

  Jitter jitter(42);
  Duration low = Duration::max();
  Duration high = Duration::zero();
  std::chrono::duration<double> total{0};
  const int draws = 10000;
  for (int i = 0; i < draws; ++i) {
    Duration d = full_jitter_delay(policy, 2, jitter.next());
    low = std::min(low, d);
    high = std::max(high, d);
    total += d;
  }
  CHECK(low >= 0s);
  CHECK(high <= 2s);
  CHECK(low < 50ms);  // the whole range is used, not a narrow band
  CHECK(high > 1950ms);
  CHECK(total.count() / draws == Approx(1.0).epsilon(0.05));  // the mean of U[0, 2 s]
}

TEST_CASE("a seeded jitter source repeats its draws", "[retry]") {
  Jitter a(7);
  Jitter b(7);
  Jitter c(8);
  std::set<double> seen;
  bool same_as_other_seed = true;
  for (int i = 0; i < 100; ++i) {
    double x = a.next();
    CHECK(x == b.next());
    if (x != c.next()) same_as_other_seed = false;
    CHECK(x >= 0.0);
    CHECK(x < 1.0);
    seen.insert(x);
  }
  CHECK_FALSE(same_as_other_seed);
  CHECK(seen.size() == 100);
}
