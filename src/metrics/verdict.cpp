#include "metrics/verdict.hpp"

#include <cmath>
#include <stdexcept>

namespace pogen::metrics {

Verdict verdict_from_scores(double score_a, double score_b) {
  // NaN compares unequal to everything and would pass for a tie.
  if (!std::isfinite(score_a) || !std::isfinite(score_b)) {
    throw std::invalid_argument("verdict_from_scores: a score is not a finite number");
  }
  if (score_a > score_b) return Verdict::A;
  if (score_b > score_a) return Verdict::B;
  return Verdict::tie;
}

Verdict swap_labels(Verdict verdict) {
  if (verdict == Verdict::A) return Verdict::B;
  if (verdict == Verdict::B) return Verdict::A;
  return Verdict::tie;
}

}  // namespace pogen::metrics
