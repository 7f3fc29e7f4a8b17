#include "metrics/wilson.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pogen::metrics {

std::optional<Interval> wilson_interval(std::size_t count, std::size_t total, double z) {
  if (count > total) throw std::invalid_argument("wilson_interval: count above total");
  if (total == 0) return std::nullopt;
  const double n = static_cast<double>(total);
  const double p = static_cast<double>(count) / n;
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  // Rounding can put a bound a hair outside [0, 1] at k = 0 or k = n.
  return Interval{std::max(0.0, center - half), std::min(1.0, center + half)};
}

}  // namespace pogen::metrics
