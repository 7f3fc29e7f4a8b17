#include "metrics/win_rate.hpp"

#include <vector>

namespace pogen::metrics {

MatchResult match_result(Verdict verdict) {
  if (verdict == Verdict::A) return MatchResult::win;
  if (verdict == Verdict::B) return MatchResult::loss;
  return MatchResult::tie;
}

std::optional<double> WinRateCounts::ties_as_non_wins() const {
  if (total() == 0) return std::nullopt;
  return static_cast<double>(wins) / static_cast<double>(total());
}

std::optional<double> WinRateCounts::ties_as_half() const {
  if (total() == 0) return std::nullopt;
  return (static_cast<double>(wins) + 0.5 * static_cast<double>(ties)) /
         static_cast<double>(total());
}

namespace {

void count(WinRateCounts& counts, MatchResult result) {
  switch (result) {
    case MatchResult::win:
      ++counts.wins;
      break;
    case MatchResult::tie:
      ++counts.ties;
      break;
    case MatchResult::loss:
      ++counts.losses;
      break;
  }
}

}  // namespace

WinRateCounts count_results(std::span<const MatchResult> results) {
  WinRateCounts counts;
  for (MatchResult result : results) count(counts, result);
  return counts;
}

WinRateReport win_rate_report(std::span<const MatchResult> results,
                              const BootstrapOptions& options) {
  std::vector<std::optional<double>> non_wins;
  std::vector<std::optional<double>> halves;
  non_wins.reserve(options.resamples);
  halves.reserve(options.resamples);
  for_each_resample(results.size(), options, [&](std::span<const std::size_t> indices) {
    WinRateCounts counts;
    for (std::size_t index : indices) count(counts, results[index]);
    non_wins.push_back(counts.ties_as_non_wins());
    halves.push_back(counts.ties_as_half());
  });
  return {count_results(results), percentile_interval(non_wins), percentile_interval(halves)};
}

}  // namespace pogen::metrics
