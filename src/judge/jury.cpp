#include "judge/jury.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "metrics/juror_agreement.hpp"

namespace pogen::pipeline {
namespace {

std::string tally(const std::vector<metrics::Verdict>& verdicts) {
  std::array<int, 3> counts{};
  for (auto verdict : verdicts) ++counts[metrics::verdict_index(verdict)];
  return fmt::format("A {}, B {}, tie {}", counts[0], counts[1], counts[2]);
}

bool split(const std::vector<metrics::Verdict>& verdicts) {
  std::array<int, 3> counts{};
  for (auto verdict : verdicts) ++counts[metrics::verdict_index(verdict)];
  int top = std::max({counts[0], counts[1], counts[2]});
  int leaders = 0;
  for (int count : counts) leaders += count == top ? 1 : 0;
  return leaders > 1;
}

}  // namespace

VoteResult count_votes(const std::vector<Vote>& votes, bool by_mean_score, int quorum,
                       std::string_view noun) {
  VoteResult result;
  std::vector<metrics::Verdict> verdicts;
  std::vector<metrics::ScorePair> scores;
  for (const auto& vote : votes) {
    if (vote.verdict) verdicts.push_back(*vote.verdict);
    if (vote.scores) scores.push_back(*vote.scores);
  }
  if (!scores.empty()) {
    auto mean = metrics::mean_scores(scores);
    result.score_a = mean.a;
    result.score_b = mean.b;
  }
  const std::size_t usable = by_mean_score ? scores.size() : verdicts.size();
  if (static_cast<int>(usable) < quorum) {
    result.reason =
        fmt::format("quorum not met: {} of {} {} gave {}, {} needed", usable, votes.size(), noun,
                    by_mean_score ? "usable scores" : "a usable verdict", quorum);
    return result;
  }
  if (by_mean_score) {
    result.verdict = metrics::mean_score_verdict(scores);
    result.reason = fmt::format("mean score of {} {}: {:g} vs {:g}", scores.size(), noun,
                                *result.score_a, *result.score_b);
    return result;
  }
  result.verdict = metrics::majority_vote(verdicts);
  result.reason = fmt::format("majority vote of {} {}: {}", verdicts.size(), noun, tally(verdicts));
  if (split(verdicts)) result.reason += "; the most common verdicts tie, so tie";
  return result;
}

PairVerdict pair_verdict_from_votes(int a, int b, VoteResult result) {
  PairVerdict verdict;
  verdict.a = a;
  verdict.b = b;
  verdict.verdict = result.verdict;
  verdict.reason = std::move(result.reason);
  verdict.score_a = result.score_a;
  verdict.score_b = result.score_b;
  return verdict;
}

PairVerdict aggregate_jury(const JudgingConfig& config, int a, int b,
                           std::vector<PairVerdict> jurors) {
  std::vector<Vote> votes;
  for (const auto& juror : jurors) {
    Vote vote{juror.verdict, std::nullopt};
    if (juror.score_a && juror.score_b)
      vote.scores = metrics::ScorePair{*juror.score_a, *juror.score_b};
    votes.push_back(vote);
  }
  auto result = count_votes(votes, config.aggregation == JuryAggregation::mean_score, config.quorum,
                            "jurors");
  auto verdict = pair_verdict_from_votes(a, b, std::move(result));
  verdict.jurors = std::move(jurors);
  return verdict;
}

JuryAgreement jury_agreement(const std::vector<PairVerdict>& pairs) {
  JuryAgreement agreement;
  std::vector<std::vector<metrics::Verdict>> ratings;
  for (const auto& pair : pairs) {
    if (pair.jurors.empty()) continue;
    ++agreement.pairs;
    std::vector<metrics::Verdict> verdicts;
    for (const auto& juror : pair.jurors) {
      if (juror.verdict) verdicts.push_back(*juror.verdict);
    }
    if (verdicts.size() != pair.jurors.size()) continue;
    ++agreement.complete;
    bool same = std::all_of(verdicts.begin(), verdicts.end(),
                            [&](metrics::Verdict v) { return v == verdicts.front(); });
    agreement.unanimous += same ? 1 : 0;
    ratings.push_back(std::move(verdicts));
  }
  if (agreement.complete > 0) {
    agreement.unanimous_share =
        static_cast<double>(agreement.unanimous) / static_cast<double>(agreement.complete);
  }
  if (!ratings.empty() && ratings.front().size() >= 2) {
    agreement.fleiss_kappa = metrics::fleiss_kappa(ratings);
  }
  return agreement;
}

}  // namespace pogen::pipeline
