#include "metrics/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace pogen::metrics {

std::size_t draw_index(std::mt19937_64& rng, std::size_t n) {
  static_assert(std::numeric_limits<std::mt19937_64::result_type>::digits == 64);
  const std::uint64_t range = n;
  // 2^64 mod n, computed without 2^64: unsigned negation is 2^64 - n.
  const std::uint64_t excess = (0 - range) % range;
  // Words at or above limit would make the low residues more likely than the high ones.
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - excess;
  std::uint64_t word = rng();
  while (word > limit) word = rng();
  return static_cast<std::size_t>(word % range);
}

void for_each_resample(std::size_t n, const BootstrapOptions& options,
                       const std::function<void(std::span<const std::size_t>)>& visit) {
  std::mt19937_64 rng(options.seed);
  std::vector<std::size_t> indices(n);
  for (std::size_t r = 0; r < options.resamples; ++r) {
    for (std::size_t& index : indices) index = draw_index(rng, n);
    visit(indices);
  }
}

double percentile(std::span<const double> sorted, double p) {
  const double position = static_cast<double>(sorted.size() - 1) * p / 100.0;
  const double below = std::floor(position);
  const auto low = static_cast<std::size_t>(below);
  if (low + 1 >= sorted.size()) return sorted.back();
  return sorted[low] + (position - below) * (sorted[low + 1] - sorted[low]);
}

BootstrapInterval percentile_interval(std::span<const std::optional<double>> estimates) {
  BootstrapInterval result;
  result.resamples = estimates.size();
  std::vector<double> defined;
  defined.reserve(estimates.size());
  for (const std::optional<double>& estimate : estimates) {
    if (estimate) {
      defined.push_back(*estimate);
    } else {
      ++result.undefined;
    }
  }
  if (defined.empty()) return result;
  std::sort(defined.begin(), defined.end());
  result.interval =
      Interval{percentile(defined, kLowerPercentile), percentile(defined, kUpperPercentile)};
  return result;
}

}  // namespace pogen::metrics
