#pragma once
// What judging leaves behind for records.jsonl: every judge call (Judgment), the verdict on each
// pair with the judgments it rests on (PairVerdict), and how the best and worst candidates were
// found (Ranking). A score or pick is present only when it was parsed: a failed judgment has
// none, never a placeholder number.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/chat.hpp"
#include "core/enum_names.hpp"
#include "judge/judge_config.hpp"
#include "judge/parse/parse.hpp"
#include "metrics/verdict.hpp"

namespace pogen::pipeline {

enum class JudgmentStatus { ok, parse_failed, refused, truncated, transport_error };
inline constexpr EnumNames<JudgmentStatus, 5> kJudgmentStatusNames{
    {{{JudgmentStatus::ok, "ok"},
      {JudgmentStatus::parse_failed, "parse_failed"},
      {JudgmentStatus::refused, "refused"},
      {JudgmentStatus::truncated, "truncated"},
      {JudgmentStatus::transport_error, "transport_error"}}}};
constexpr const auto& enum_names(JudgmentStatus) { return kJudgmentStatusNames; }

// One judge's reading of one prompt (one order of a pair, or one candidate alone), follow-up
// included. Scores and picks are given in the ORIGINAL labels: score_a belongs to candidates[0]
// even when the order was BA and the judge saw that candidate as Assistant B.
struct Judgment {
  std::string judge;  // endpoint name
  std::string model;
  std::string role;  // debate role name; empty outside a debate
  JudgeStrategy strategy = JudgeStrategy::combined;
  std::string order;                     // "AB", "BA", or "" when one candidate was judged alone
  std::vector<int> candidates;           // indices: {a, b} for a pair, {i} alone
  std::optional<std::string> raw;        // the reply; absent when no text came back
  std::optional<std::string> reask_raw;  // the reply to the follow-up, when one was asked
  std::optional<double> score_a;
  std::optional<double> score_b;
  std::optional<double> score;  // independent
  std::optional<Pick> pick;     // comparison
  // judging.scores: expected (docs/judging.md, "Expected scores"): the expected scores, in the
  // original labels like the sampled ones, with the probability mass each is over. Verdicts and
  // rankings use them only when every score of the judgment has one (scores_used), else the
  // sampled scores, and expected_unavailable says why.
  std::optional<double> expected_score_a;
  std::optional<double> expected_score_b;
  std::optional<double> expected_score;
  std::optional<double> expected_mass_a;
  std::optional<double> expected_mass_b;
  std::optional<double> expected_mass;
  std::string expected_unavailable;         // empty when the expected scores are used
  std::optional<ScoreReading> scores_used;  // set with expected scores asked for, once scored
  std::optional<double> tie_tolerance;      // scores this close are a tie; with expected used
  JudgmentStatus status = JudgmentStatus::ok;
  std::string problem;       // why the status is not ok; empty when ok
  llm::Usage usage;          // the call and the follow-up together
  bool self_judged = false;  // the judge's model (or family) wrote a candidate it judged

  bool usable() const { return status == JudgmentStatus::ok; }
  bool expected_used() const { return scores_used == ScoreReading::expected; }
  // The scores verdicts and rankings rest on: the expected ones when used, else the sampled.
  std::optional<double> used_score_a() const {
    return expected_used() ? expected_score_a : score_a;
  }
  std::optional<double> used_score_b() const {
    return expected_used() ? expected_score_b : score_b;
  }
  std::optional<double> used_score() const { return expected_used() ? expected_score : score; }
};

// A verdict from two scores; within `tolerance` of each other they are a tie.
metrics::Verdict verdict_from_scores_within(double score_a, double score_b, double tolerance);

// The verdict a usable pair judgment gives, in original labels; nullopt when not usable.
std::optional<metrics::Verdict> judgment_verdict(const Judgment& judgment);

struct DebateUtterance {
  int round = 0;  // 1-based
  std::string role;
  std::string judge;  // endpoint name
  std::string model;
  std::optional<std::string> text;  // absent when the call gave no usable text
  JudgmentStatus status = JudgmentStatus::ok;
  std::string problem;
  llm::Usage usage;
};

struct DebateRecord {
  int rounds = 0;
  DebateAggregation aggregation = DebateAggregation::mean_score;
  std::vector<DebateUtterance> transcript;  // in speaking order
  std::vector<Judgment> finals;             // one per role, combined format, order AB
};

// The decision on candidates a and b. A single judge's verdict rests on `judgments`; a jury's on
// `jurors` (one single-judge PairVerdict each); a debate's on `debate`.
struct PairVerdict {
  int a = 0;
  int b = 0;
  std::optional<metrics::Verdict> verdict;  // nullopt: failed, see reason
  bool orders_disagree = false;             // single judge: AB and BA gave different verdicts
  std::string reason;                       // how the verdict was reached, or why it failed
  std::string judge;                        // single judge: endpoint name; empty otherwise
  std::optional<double> score_a;            // the mean scores the verdict rests on, when scored
  std::optional<double> score_b;
  std::vector<Judgment> judgments;
  std::vector<PairVerdict> jurors;
  std::optional<DebateRecord> debate;
};

struct CandidateStanding {
  int index = 0;
  double wins = 0;  // +1 per pair won, +0.5 per tie, from the pair verdicts it took part in
  int pairs = 0;    // pair verdicts (failed ones included) it took part in
  std::optional<double> mean_score;  // every usable score it received; absent without one
  int scores = 0;                    // how many scores the mean is over
};

// How much a jury's jurors agreed on this item's pairs.
struct JuryAgreement {
  int pairs = 0;
  int complete = 0;                       // pairs where every juror gave a verdict
  int unanimous = 0;                      // complete pairs where every juror gave the same verdict
  std::optional<double> unanimous_share;  // unanimous / complete
  std::optional<double> fleiss_kappa;     // over the complete pairs, when defined
};

struct Ranking {
  RankMethod method = RankMethod::round_robin;
  std::optional<int> best;  // absent when no candidate is preferred to another
  std::optional<int> worst;
  std::string selection;                     // how best and worst were found, or why there are none
  std::vector<CandidateStanding> standings;  // one per candidate, by index
  std::vector<PairVerdict> pairs;            // in the order they were decided
  std::vector<Judgment> scored;              // independent scoring: each candidate alone, per judge
  std::optional<JuryAgreement> agreement;    // juries only
};

nlohmann::json to_json(const Judgment& judgment);
nlohmann::json to_json(const DebateUtterance& utterance);
nlohmann::json to_json(const DebateRecord& debate);
nlohmann::json to_json(const PairVerdict& verdict);
nlohmann::json to_json(const CandidateStanding& standing);
nlohmann::json to_json(const JuryAgreement& agreement);
nlohmann::json to_json(const Ranking& ranking);

}  // namespace pogen::pipeline
