#pragma once
// Self-preference of a judge: on pairs where exactly one answer was written by the judge's own
// model or family (judge_self_bias.hpp), how often the judge prefers that answer, next to how
// often the humans do on the same pairs. A judge rate above the humans' is a preference for its
// own writing that quality does not explain; the score is the difference, judge rate minus
// human rate, with a bootstrap interval over the pairs.

#include <cstddef>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "metrics/bootstrap.hpp"
#include "metrics/verdict.hpp"

namespace pogen::eval {

struct SelfPreferenceItem {
  metrics::Verdict own;                   // A or B: the side the judge's model (family) wrote
  std::optional<metrics::Verdict> judge;  // nullopt: the judge gave no verdict
  std::optional<metrics::Verdict> human;  // nullopt: no label
  // The pair the item is from: items of one pair (the verdicts of several judges of a family
  // on it) are resampled together. Items with distinct pair numbers are independent.
  std::size_t pair = 0;
};

struct SelfPreference {
  std::size_t items = 0;        // pairs with exactly one own answer (distinct `pair` numbers)
  std::size_t judge_own = 0;    // judge verdicts for the own answer
  std::size_t judge_other = 0;  // judge verdicts for the other answer (ties counted in neither)
  std::size_t human_own = 0;    // human labels, once per pair
  std::size_t human_other = 0;
  // own / (own + other); nullopt without a decisive verdict.
  std::optional<double> judge_rate() const;
  std::optional<double> human_rate() const;
  // judge_rate - human_rate: above 0, the judge prefers the own answer more than the humans do
  // on the same pairs. nullopt when either rate is.
  std::optional<double> score() const;
};

SelfPreference self_preference(const std::vector<SelfPreferenceItem>& items);

struct SelfPreferenceReport {
  SelfPreference point;
  metrics::BootstrapInterval score;  // the pairs resampled (all items of a pair together)
};

SelfPreferenceReport self_preference_report(const std::vector<SelfPreferenceItem>& items,
                                            const metrics::BootstrapOptions& options);

nlohmann::json to_json(const SelfPreference& preference);
// to_json(point) with "score_interval".
nlohmann::json to_json(const SelfPreferenceReport& report);

}  // namespace pogen::eval
