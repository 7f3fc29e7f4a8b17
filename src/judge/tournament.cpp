#include "judge/tournament.hpp"

#include <fmt/format.h>

#include "judge/gather.hpp"
#include "judge/rank.hpp"

namespace pogen::pipeline {
namespace {

struct MatchOutcome {
  int winner = 0;
  std::string note;
  bool by_index = false;  // nothing told the two apart
};

MatchOutcome play(const PairVerdict& match) {
  if (match.verdict == metrics::Verdict::A) {
    return {match.a, fmt::format("{} beat {}", match.a, match.b), false};
  }
  if (match.verdict == metrics::Verdict::B) {
    return {match.b, fmt::format("{} beat {}", match.b, match.a), false};
  }
  const char* what = match.verdict ? "tie" : "failed";
  if (match.score_a && match.score_b && *match.score_a != *match.score_b) {
    bool a_higher = *match.score_a > *match.score_b;
    int winner = a_higher ? match.a : match.b;
    int loser = a_higher ? match.b : match.a;
    return {winner, fmt::format("{} over {} ({}, higher mean score)", winner, loser, what), false};
  }
  int winner = std::min(match.a, match.b);
  int loser = std::max(match.a, match.b);
  return {winner, fmt::format("{} over {} ({}, lower index)", winner, loser, what), true};
}

// worst: the lowest mean score among the candidates that have one, else the fewest wins among
// those that played; then fewer wins, then the lower index. Never the best.
const CandidateStanding* pick_worst(const Ranking& ranking, bool by_score) {
  const CandidateStanding* worst = nullptr;
  for (const auto& c : ranking.standings) {
    if (ranking.best && c.index == *ranking.best) continue;
    if (by_score ? !c.mean_score : c.pairs == 0) continue;
    if (!worst) {
      worst = &c;
      continue;
    }
    if (by_score && *c.mean_score != *worst->mean_score) {
      if (*c.mean_score < *worst->mean_score) worst = &c;
    } else if (c.wins < worst->wins) {
      worst = &c;
    }
  }
  return worst;
}

std::string describe_worst(const CandidateStanding& c) {
  if (c.mean_score)
    return fmt::format("{} (mean score {:g}, wins {:g})", c.index, *c.mean_score, c.wins);
  return fmt::format("{} (wins {:g})", c.index, c.wins);
}

}  // namespace

Task<void> run_tournament(JudgePanel& panel, std::size_t candidates, Ranking& ranking) {
  std::vector<int> alive;
  for (std::size_t i = 0; i < candidates; ++i) alive.push_back(static_cast<int>(i));
  std::string bracket;
  bool final_by_index = false;
  for (int round = 1; alive.size() > 1; ++round) {
    std::vector<Task<PairVerdict>> matches;
    for (std::size_t i = 0; i + 1 < alive.size(); i += 2) {
      matches.push_back(panel.decide(alive[i], alive[i + 1]));
    }
    auto verdicts = co_await gather(std::move(matches));
    std::vector<int> next;
    std::string notes;
    for (auto& verdict : verdicts) {
      auto outcome = play(verdict);
      next.push_back(outcome.winner);
      notes += (notes.empty() ? "" : ", ") + outcome.note;
      final_by_index = outcome.by_index;
      ranking.pairs.push_back(std::move(verdict));
    }
    if (alive.size() % 2 == 1) {
      next.push_back(alive.back());
      notes += fmt::format(", {} bye", alive.back());
    }
    bracket += fmt::format("{}round {}: {}", bracket.empty() ? "" : "; ", round, notes);
    alive = std::move(next);
  }
  ranking.standings = tally_standings(candidates, ranking.pairs, ranking.scored);
  if (final_by_index) {
    ranking.selection = "tournament: " + bracket + "; no preference: the final was not decided";
    co_return;
  }
  ranking.best = alive.front();
  bool by_score = false;
  for (const auto& c : ranking.standings) by_score |= c.mean_score.has_value();
  const CandidateStanding* worst = pick_worst(ranking, by_score);
  if (!worst) {
    ranking.best.reset();
    ranking.selection = "tournament: " + bracket + "; no preference: no candidate to reject";
    co_return;
  }
  ranking.worst = worst->index;
  ranking.selection = fmt::format("tournament: {}; best {} (won the final), worst {}", bracket,
                                  *ranking.best, describe_worst(*worst));
}

}  // namespace pogen::pipeline
