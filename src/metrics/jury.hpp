#pragma once
// Turning several judges' opinions on one item into one verdict: majority vote over their
// verdicts (the paper's LLMs-as-a-Jury) or the mean of their scores (the paper's debate).

#include <span>

#include "metrics/verdict.hpp"

namespace pogen::metrics {

// The most common verdict. When two or three verdicts share the highest count (A,B or A,B,tie
// or A,A,B,B,tie) the jury is split and the result is tie: the paper's rule, which reproduces its
// jury kappas. Throws std::invalid_argument when votes is empty.
Verdict majority_vote(std::span<const Verdict> votes);

struct ScorePair {
  double a = 0;
  double b = 0;
};

// The mean of the A scores and the mean of the B scores (summed in order, divided by the count).
// Throws std::invalid_argument when scores is empty.
ScorePair mean_scores(std::span<const ScorePair> scores);

// verdict_from_scores of mean_scores.
Verdict mean_score_verdict(std::span<const ScorePair> scores);

}  // namespace pogen::metrics
