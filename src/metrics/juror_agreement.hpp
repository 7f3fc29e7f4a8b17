#pragma once
// How much the jurors of a jury agree with one another, whatever the reference says.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "metrics/verdict.hpp"

namespace pogen::metrics {

// ratings[item][juror]: every item holds one verdict per juror, jurors in the same order on
// every item. Both functions throw std::invalid_argument unless every item has the same number
// of verdicts, at least 2.
using JuryRatings = std::span<const std::vector<Verdict>>;

// Fleiss' kappa over {A, B, tie}: (P - Pe) / (1 - Pe), P the mean over items of the share of
// agreeing juror pairs, Pe the sum of squared overall class shares. nullopt when there is no
// item, or when Pe == 1 (every verdict of every juror is the same class).
std::optional<double> fleiss_kappa(JuryRatings ratings);

struct PairwiseKappa {
  std::optional<double> mean;  // over the pairs where kappa is defined; nullopt when none is
  std::size_t pairs = 0;       // juror pairs, m * (m - 1) / 2
  std::size_t undefined = 0;   // pairs whose Cohen's kappa is undefined, left out of the mean
};

// Cohen's kappa of every pair of jurors (the first of the pair as reference), averaged.
PairwiseKappa mean_pairwise_cohen_kappa(JuryRatings ratings);

}  // namespace pogen::metrics
