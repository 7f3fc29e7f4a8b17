#include "metrics/jury.hpp"

#include <array>
#include <stdexcept>

namespace pogen::metrics {

Verdict majority_vote(std::span<const Verdict> votes) {
  if (votes.empty()) throw std::invalid_argument("majority_vote: no votes");
  std::array<std::size_t, 3> counts{};
  for (Verdict vote : votes) ++counts[verdict_index(vote)];
  Verdict leader = Verdict::tie;
  std::size_t best = 0;
  bool split = false;
  for (Verdict verdict : kVerdicts) {
    const std::size_t count = counts[verdict_index(verdict)];
    if (count > best) {
      leader = verdict;
      best = count;
      split = false;
    } else if (count == best) {
      split = true;
    }
  }
  return split ? Verdict::tie : leader;
}

ScorePair mean_scores(std::span<const ScorePair> scores) {
  if (scores.empty()) throw std::invalid_argument("mean_scores: no scores");
  ScorePair sum;
  for (const ScorePair& score : scores) {
    sum.a += score.a;
    sum.b += score.b;
  }
  const double count = static_cast<double>(scores.size());
  return {sum.a / count, sum.b / count};
}

Verdict mean_score_verdict(std::span<const ScorePair> scores) {
  const ScorePair mean = mean_scores(scores);
  return verdict_from_scores(mean.a, mean.b);
}

}  // namespace pogen::metrics
