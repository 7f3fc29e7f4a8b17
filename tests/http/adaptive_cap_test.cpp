#include "http/adaptive_cap.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using pogen::http::AdaptiveCap;

TEST_CASE("overload halves the cap down to one; successes grow it back by one", "[cap]") {
  AdaptiveCap cap(32);
  CHECK(cap.limit() == 32);
  cap.on_success();
  CHECK(cap.limit() == 32);  // never above the configured cap
  cap.on_overloaded();
  CHECK(cap.limit() == 16);
  cap.on_overloaded();
  cap.on_overloaded();
  CHECK(cap.limit() == 4);
  for (int i = 0; i < 5; ++i) cap.on_overloaded();
  CHECK(cap.limit() == 1);
  cap.on_success();
  cap.on_success();
  CHECK(cap.limit() == 3);
  for (int i = 0; i < 100; ++i) cap.on_success();
  CHECK(cap.limit() == 32);
  CHECK(cap.configured() == 32);
}

TEST_CASE("an odd cap halves downwards", "[cap]") {
  AdaptiveCap cap(5);
  cap.on_overloaded();
  CHECK(cap.limit() == 2);
}

TEST_CASE("a cap below one is refused", "[cap]") {
  CHECK_THROWS_AS(AdaptiveCap(0), std::invalid_argument);
  CHECK_THROWS_WITH(AdaptiveCap(-3), "adaptive cap: the configured cap must be at least 1, not -3");
}
