#include "judge/rank.hpp"

#include <fmt/format.h>

#include "judge/gather.hpp"
#include "judge/jury.hpp"
#include "judge/panel.hpp"
#include "judge/tournament.hpp"

namespace pogen::pipeline {
namespace {

struct ScoreSum {
  double sum = 0;
  int count = 0;
};

void add_score(std::vector<ScoreSum>& sums, int index, const std::optional<double>& score) {
  if (!score || index < 0 || static_cast<std::size_t>(index) >= sums.size()) return;
  sums[static_cast<std::size_t>(index)].sum += *score;
  ++sums[static_cast<std::size_t>(index)].count;
}

void add_scores(std::vector<ScoreSum>& sums, const Judgment& judgment) {
  if (!judgment.usable() || judgment.candidates.empty()) return;
  add_score(sums, judgment.candidates[0], judgment.used_score());
  add_score(sums, judgment.candidates[0], judgment.used_score_a());
  if (judgment.candidates.size() > 1) {
    add_score(sums, judgment.candidates[1], judgment.used_score_b());
  }
}

void add_scores(std::vector<ScoreSum>& sums, const PairVerdict& pair) {
  for (const auto& judgment : pair.judgments) add_scores(sums, judgment);
  for (const auto& juror : pair.jurors) add_scores(sums, juror);
  if (pair.debate) {
    for (const auto& judgment : pair.debate->finals) add_scores(sums, judgment);
  }
}

// Candidates with at least one pair verdict that is not failed.
std::vector<bool> decided(std::size_t candidates, const std::vector<PairVerdict>& pairs) {
  std::vector<bool> out(candidates, false);
  for (const auto& pair : pairs) {
    if (!pair.verdict) continue;
    out.at(static_cast<std::size_t>(pair.a)) = true;
    out.at(static_cast<std::size_t>(pair.b)) = true;
  }
  return out;
}

// x ranks strictly above y by wins, then mean score.
bool above(const CandidateStanding& x, const CandidateStanding& y) {
  if (x.wins != y.wins) return x.wins > y.wins;
  if (x.mean_score && y.mean_score && *x.mean_score != *y.mean_score) {
    return *x.mean_score > *y.mean_score;
  }
  return false;
}

std::string describe_wins(const CandidateStanding& c) {
  std::string out = fmt::format("{} (wins {:g}", c.index, c.wins);
  if (c.mean_score) out += fmt::format(", mean score {:g}", *c.mean_score);
  return out + ")";
}

}  // namespace

std::vector<CandidateStanding> tally_standings(std::size_t candidates,
                                               const std::vector<PairVerdict>& pairs,
                                               const std::vector<Judgment>& scored) {
  std::vector<CandidateStanding> standings(candidates);
  std::vector<ScoreSum> sums(candidates);
  for (std::size_t i = 0; i < candidates; ++i) standings[i].index = static_cast<int>(i);
  for (const auto& pair : pairs) {
    auto& a = standings.at(static_cast<std::size_t>(pair.a));
    auto& b = standings.at(static_cast<std::size_t>(pair.b));
    ++a.pairs;
    ++b.pairs;
    if (pair.verdict == metrics::Verdict::A) a.wins += 1;
    if (pair.verdict == metrics::Verdict::B) b.wins += 1;
    if (pair.verdict == metrics::Verdict::tie) {
      a.wins += 0.5;
      b.wins += 0.5;
    }
    add_scores(sums, pair);
  }
  for (const auto& judgment : scored) add_scores(sums, judgment);
  for (std::size_t i = 0; i < candidates; ++i) {
    standings[i].scores = sums[i].count;
    if (sums[i].count > 0) standings[i].mean_score = sums[i].sum / sums[i].count;
  }
  return standings;
}

void select_round_robin(Ranking& ranking) {
  auto eligible = decided(ranking.standings.size(), ranking.pairs);
  const CandidateStanding* best = nullptr;
  const CandidateStanding* worst = nullptr;
  int count = 0;
  for (const auto& standing : ranking.standings) {
    if (!eligible[static_cast<std::size_t>(standing.index)]) continue;
    ++count;
    if (!best || above(standing, *best)) best = &standing;
    if (!worst || above(*worst, standing)) worst = &standing;
  }
  if (count < 2) {
    ranking.selection = "round_robin: no preference: fewer than two candidates have a pair verdict";
  } else if (best->wins == worst->wins) {
    // Mean scores only order candidates with equal wins; they never make a preference the pair
    // verdicts do not (two candidates whose pair is a tie stay unpaired).
    ranking.selection = "round_robin: no preference: every candidate has the same wins";
  } else {
    ranking.best = best->index;
    ranking.worst = worst->index;
    ranking.selection =
        "round_robin: best " + describe_wins(*best) + ", worst " + describe_wins(*worst);
  }
}

void select_independent(Ranking& ranking, int quorum) {
  const CandidateStanding* best = nullptr;
  const CandidateStanding* worst = nullptr;
  int count = 0;
  for (const auto& standing : ranking.standings) {
    if (!standing.mean_score || standing.scores < quorum) continue;
    ++count;
    if (!best || *standing.mean_score > *best->mean_score) best = &standing;
    if (!worst || *standing.mean_score < *worst->mean_score) worst = &standing;
  }
  if (count < 2) {
    ranking.selection =
        "independent_scores: no preference: fewer than two candidates have a usable score";
  } else if (*best->mean_score == *worst->mean_score) {
    ranking.selection =
        fmt::format("independent_scores: no preference: every candidate has mean score {:g}",
                    *best->mean_score);
  } else {
    ranking.best = best->index;
    ranking.worst = worst->index;
    ranking.selection = fmt::format(
        "independent_scores: best {} (mean score {:g}), worst {} "
        "(mean score {:g})",
        best->index, *best->mean_score, worst->index, *worst->mean_score);
  }
}

Task<Ranking> rank_candidates(llm::ChatService& chat, const JudgingConfig& config,
                              const JudgeItem& item) {
  Ranking ranking;
  ranking.method = config.rank;
  const std::size_t n = item.candidates.size();
  if (n < 2) {
    ranking.standings = tally_standings(n, {}, {});
    ranking.selection = "fewer than two candidates: nothing to judge";
    co_return ranking;
  }
  JudgePanel panel(chat, config, item);
  if (panel.scores_alone()) {
    co_await panel.score_candidates();
    ranking.scored = panel.scored();
  }
  if (config.rank == RankMethod::independent_scores) {
    ranking.standings = tally_standings(n, {}, ranking.scored);
    select_independent(ranking, config.quorum);
    co_return ranking;
  }
  if (config.rank == RankMethod::tournament) {
    co_await run_tournament(panel, n, ranking);
  } else {
    std::vector<Task<PairVerdict>> pairs;
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = a + 1; b < n; ++b) {
        pairs.push_back(panel.decide(static_cast<int>(a), static_cast<int>(b)));
      }
    }
    ranking.pairs = co_await gather(std::move(pairs));
    ranking.standings = tally_standings(n, ranking.pairs, ranking.scored);
    select_round_robin(ranking);
  }
  if (!config.debate && config.judges.size() > 1) ranking.agreement = jury_agreement(ranking.pairs);
  co_return ranking;
}

}  // namespace pogen::pipeline
