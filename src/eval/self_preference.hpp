#pragma once
// Self-preference of a judge: on pairs where exactly one answer was written by the judge's own
// model or family (judge_self_bias.hpp), how often the judge prefers that answer, next to how
// often the humans do on the same pairs. A judge rate above the humans' is a preference for its
// own writing that quality does not explain.

#include <cstddef>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "metrics/verdict.hpp"

namespace pogen::eval {

struct SelfPreferenceItem {
  metrics::Verdict own;                   // A or B: the side the judge's model (family) wrote
  std::optional<metrics::Verdict> judge;  // nullopt: the judge gave no verdict
  std::optional<metrics::Verdict> human;  // nullopt: no label
};

struct SelfPreference {
  std::size_t items = 0;        // pairs with exactly one own answer
  std::size_t judge_own = 0;    // judge verdicts for the own answer
  std::size_t judge_other = 0;  // judge verdicts for the other answer (ties counted in neither)
  std::size_t human_own = 0;
  std::size_t human_other = 0;
  // own / (own + other); nullopt without a decisive verdict.
  std::optional<double> judge_rate() const;
  std::optional<double> human_rate() const;
};

SelfPreference self_preference(const std::vector<SelfPreferenceItem>& items);

nlohmann::json to_json(const SelfPreference& preference);

}  // namespace pogen::eval
