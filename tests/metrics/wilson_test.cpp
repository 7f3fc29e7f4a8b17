#include "metrics/wilson.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

namespace m = pogen::metrics;

TEST_CASE("Wilson score interval: values from the closed form", "[metrics][wilson]") {
  // 8 of 10, z = 1.959964: center (0.8 + 0.19207) / 1.38415 = 0.71683, half width
  // 1.41599 * sqrt(0.016 + 0.0096040) = 0.22657: [0.49016, 0.94339] (Wilson 1927; the values
  // statsmodels' proportion_confint(8, 10, method="wilson") gives).
  const auto i = m::wilson_interval(8, 10);
  REQUIRE(i);
  CHECK(i->lower == Approx(0.4901625).epsilon(1e-6));
  CHECK(i->upper == Approx(0.9433178).epsilon(1e-6));
  // 0 of 20: [0, z^2 / (n + z^2)] = [0, 0.16113].
  const auto zero = m::wilson_interval(0, 20);
  REQUIRE(zero);
  CHECK(zero->lower == 0);
  CHECK(zero->upper ==
        Approx(m::kWilsonZ * m::kWilsonZ / (20 + m::kWilsonZ * m::kWilsonZ)).epsilon(1e-9));
  // Symmetric: k of n and (n - k) of n mirror each other.
  const auto three = m::wilson_interval(3, 17);
  const auto fourteen = m::wilson_interval(14, 17);
  CHECK(three->lower == Approx(1 - fourteen->upper).epsilon(1e-12));
  CHECK(three->upper == Approx(1 - fourteen->lower).epsilon(1e-12));
  const auto all = m::wilson_interval(5, 5);
  CHECK(all->upper == 1);
  CHECK(all->lower > 0.5);
}

TEST_CASE("Wilson score interval: undefined without items, and narrower with more",
          "[metrics][wilson]") {
  CHECK_FALSE(m::wilson_interval(0, 0));
  CHECK_THROWS_AS(m::wilson_interval(3, 2), std::invalid_argument);
  const auto small = m::wilson_interval(5, 10);
  const auto large = m::wilson_interval(500, 1000);
  CHECK(large->upper - large->lower < small->upper - small->lower);
  CHECK((small->lower + small->upper) / 2 == Approx(0.5));
}
