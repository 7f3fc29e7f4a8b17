#pragma once
// The Wilson score interval for a proportion k / n: the set of p for which the normal test of
// k / n against p does not reject at the 5% level (z = 1.959964). Unlike p +- z sqrt(p(1-p)/n)
// it stays inside [0, 1] and is not empty at k = 0 or k = n; it is what pogen reports beside a
// rate computed over a count of pairs (position consistency).

#include <cstddef>
#include <optional>

#include "metrics/bootstrap.hpp"

namespace pogen::metrics {

// The 97.5th percentile of the standard normal distribution.
inline constexpr double kWilsonZ = 1.959963984540054;

// center = (p + z^2 / 2n) / (1 + z^2 / n), half width = z / (1 + z^2 / n) *
// sqrt(p (1 - p) / n + z^2 / 4n^2), with p = count / total; nullopt when total is 0. count must
// not exceed total (std::invalid_argument).
std::optional<Interval> wilson_interval(std::size_t count, std::size_t total, double z = kWilsonZ);

}  // namespace pogen::metrics
