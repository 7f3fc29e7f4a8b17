#pragma once
// Percentile bootstrap: resample the items with replacement, recompute a statistic on every
// resample, and report the 2.5th and 97.5th percentiles. Reproducible across runs, compilers and
// platforms: std::mt19937_64's output is fixed by the standard, and indices are drawn with the
// method of draw_index below rather than std::uniform_int_distribution (whose algorithm each
// standard library chooses for itself).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <span>

namespace pogen::metrics {

inline constexpr std::size_t kDefaultResamples = 1000;
inline constexpr std::uint64_t kDefaultBootstrapSeed = 42;
inline constexpr double kLowerPercentile = 2.5;
inline constexpr double kUpperPercentile = 97.5;

struct BootstrapOptions {
  std::size_t resamples = kDefaultResamples;
  std::uint64_t seed = kDefaultBootstrapSeed;
};

struct Interval {
  double lower = 0;
  double upper = 0;
};

struct BootstrapInterval {
  // Percentiles of the resamples where the statistic is defined; nullopt when it is defined on
  // none of them.
  std::optional<Interval> interval;
  std::size_t resamples = 0;
  // Resamples where the statistic is undefined (kappa of a resample drawn from one single class,
  // any statistic of an empty input). They are left out of the percentiles and counted here, so
  // that a report can say how many there were.
  std::size_t undefined = 0;
};

// A uniform index in [0, n), n > 0: draw 64-bit words x from rng until x < limit, where limit is
// the largest multiple of n not above 2^64, and return x % n. Unbiased; the expected number of
// draws is below 2 for every n and barely above 1 for any realistic n.
std::size_t draw_index(std::mt19937_64& rng, std::size_t n);

// Calls visit once per resample with n indices into the input, drawn with replacement by
// draw_index from one mt19937_64 seeded with options.seed: resample r gets the (r * n)th to the
// ((r + 1) * n - 1)th index drawn. n == 0 gives empty resamples.
void for_each_resample(std::size_t n, const BootstrapOptions& options,
                       const std::function<void(std::span<const std::size_t>)>& visit);

// The p-th percentile (0..100) of sorted, non-empty values, interpolating linearly between the
// two nearest ranks (position (size - 1) * p / 100; numpy's default method).
double percentile(std::span<const double> sorted, double p);

// The 2.5th and 97.5th percentiles of the defined estimates, one estimate per resample.
BootstrapInterval percentile_interval(std::span<const std::optional<double>> estimates);

}  // namespace pogen::metrics
