#pragma once
// Several opinions on one pair turned into one verdict: a jury's jurors (each judging as a single
// judge would) or a debate's final scores. Majority vote takes the most common verdict, and when
// the most common verdicts tie (A,B or A,B,tie) the result is tie (metrics::majority_vote, the
// paper's rule); mean_score compares the mean A score with the mean B score. Fewer usable
// opinions than the quorum fail the pair, with the counts in the reason.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "judge/judge_config.hpp"
#include "judge/record.hpp"
#include "metrics/jury.hpp"
#include "metrics/verdict.hpp"

namespace pogen::pipeline {

// One voter's opinion: its verdict, and its scores when it gave some.
struct Vote {
  std::optional<metrics::Verdict> verdict;
  std::optional<metrics::ScorePair> scores;
};

struct VoteResult {
  std::optional<metrics::Verdict> verdict;  // nullopt: quorum not met
  std::optional<double> score_a;            // mean over the voters with scores, when any
  std::optional<double> score_b;
  std::string reason;
};

// noun names the voters in the reason ("jurors", "debaters"). Reasons, word for word:
//   "majority vote of 3 jurors: A 2, B 1, tie 0"
//   "majority vote of 2 jurors: A 1, B 1, tie 0; the most common verdicts tie, so tie"
//   "mean score of 3 jurors: 7.5 vs 6"
//   "quorum not met: 1 of 3 jurors gave a usable verdict, 2 needed" (mean_score: "usable scores")
VoteResult count_votes(const std::vector<Vote>& votes, bool by_mean_score, int quorum,
                       std::string_view noun);

// The jury's verdict on a, b from one single-judge PairVerdict per juror (kept in `jurors`).
// The verdict of pair (a, b) from counted votes: verdict, reason and mean scores; the caller adds
// its jurors or its debate record.
PairVerdict pair_verdict_from_votes(int a, int b, VoteResult result);

PairVerdict aggregate_jury(const JudgingConfig& config, int a, int b,
                           std::vector<PairVerdict> jurors);

// Agreement among the jurors over an item's pair verdicts (those with jurors).
JuryAgreement jury_agreement(const std::vector<PairVerdict>& pairs);

}  // namespace pogen::pipeline
