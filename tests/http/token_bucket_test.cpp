#include "http/token_bucket.hpp"

#include <catch2/catch.hpp>
#include <chrono>

using namespace std::chrono_literals;
using pogen::Duration;
using pogen::TimePoint;
using pogen::http::TokenBucket;

namespace {
const TimePoint kStart{1h};
}

TEST_CASE("a bucket starts with one minute's worth and refills continuously", "[bucket]") {
  TokenBucket bucket(60, kStart);  // one a second
  CHECK(bucket.capacity() == 60);
  for (int i = 0; i < 60; ++i) CHECK(bucket.take(1, kStart));
  CHECK_FALSE(bucket.take(1, kStart));
  CHECK(bucket.time_until(1, kStart) == 1s);
  CHECK(bucket.time_until(3, kStart) == 3s);
  CHECK_FALSE(bucket.take(1, kStart + 999ms));
  CHECK(bucket.take(1, kStart + 1s));
  CHECK(bucket.time_until(1, kStart + 1s) == 1s);
}

TEST_CASE("a bucket never holds more than its capacity", "[bucket]") {
  TokenBucket bucket(120, kStart);
  CHECK(bucket.take(120, kStart));
  CHECK(bucket.available(kStart + 10min) == Approx(120));
  CHECK(bucket.take(120, kStart + 10min));
  CHECK_FALSE(bucket.take(1, kStart + 10min));
}

TEST_CASE("a request larger than the capacity passes once the bucket is full", "[bucket]") {
  TokenBucket bucket(1000, kStart);
  CHECK(bucket.take(100, kStart));
  CHECK(bucket.time_until(5000, kStart) == 6s);  // until full again: 100 tokens at 1000/min
  CHECK_FALSE(bucket.take(5000, kStart));
  CHECK(bucket.take(5000, kStart + 6s));
  CHECK(bucket.available(kStart + 6s) == Approx(-4000));
  // 4001 tokens at 1000 a minute, within float rounding.
  Duration wait = bucket.time_until(1, kStart + 6s);
  CHECK(wait >= 240060ms - 1us);
  CHECK(wait <= 240060ms + 1us);
}

TEST_CASE("corrections after the fact move the balance, below zero too", "[bucket]") {
  TokenBucket bucket(600, kStart);  // ten a second
  CHECK(bucket.take(500, kStart));
  bucket.adjust(300, kStart);  // the request used 800, not the 500 estimated
  CHECK(bucket.available(kStart) == Approx(-200));
  CHECK(bucket.time_until(10, kStart) == 21s);  // pay the debt of 200, then 10 more
  bucket.adjust(-250, kStart);                  // a later request used 250 fewer
  CHECK(bucket.available(kStart) == Approx(50));
  bucket.adjust(-10000, kStart);  // never above the capacity
  CHECK(bucket.available(kStart) == Approx(600));
}
