#pragma once
// Win rate of setup A against setup B (for example a feedback loop against a single
// generator), under both conventions for ties, each with a bootstrap interval.

#include <cstddef>
#include <optional>
#include <span>

#include "metrics/bootstrap.hpp"
#include "metrics/verdict.hpp"

namespace pogen::metrics {

enum class MatchResult { win, tie, loss };  // from setup A's side

// A -> win, B -> loss, tie -> tie.
MatchResult match_result(Verdict verdict);

struct WinRateCounts {
  std::size_t wins = 0;
  std::size_t ties = 0;
  std::size_t losses = 0;

  std::size_t total() const { return wins + ties + losses; }
  // wins / total: a tie is not a win (the paper's convention). nullopt when total is 0.
  std::optional<double> ties_as_non_wins() const;
  // (wins + ties / 2) / total. nullopt when total is 0.
  std::optional<double> ties_as_half() const;
};

WinRateCounts count_results(std::span<const MatchResult> results);

struct WinRateReport {
  WinRateCounts counts;
  BootstrapInterval ties_as_non_wins;  // both on the same resamples
  BootstrapInterval ties_as_half;
};

WinRateReport win_rate_report(std::span<const MatchResult> results,
                              const BootstrapOptions& options);

}  // namespace pogen::metrics
