#pragma once
// Judging an item's candidates and finding the best and the worst (the chosen and rejected of a
// preference pair), by one of three methods:
//   round_robin         every pair decided; a candidate's aggregate is its wins (+1 per pair won,
//                       +0.5 per tie) and, for score strategies, its mean score. Best = highest
//                       wins, then highest mean score, then lower index; worst = lowest wins,
//                       then lowest mean score, then lower index. Mean scores only choose
//                       among equal wins: when every candidate has the same wins there is no
//                       preference, whatever the scores.
//   tournament          single elimination in index order ((0,1), (2,3), ...; an odd one out
//                       gets a bye). A tie or failed match advances the candidate with the higher
//                       mean score in that match, else the lower index. Best = the winner, unless
//                       the final went to the lower index; worst = the lowest mean score seen
//                       (comparison: fewest wins), then fewer wins, then lower index.
//   independent_scores  each candidate scored alone once per judge; best and worst by mean
//                       score (a candidate with fewer usable scores than the quorum is left out).
// A candidate none of whose pairs got a verdict is never best or worst. When every remaining
// candidate ties, there is neither best nor worst ("no preference"), so no pair is made from a
// tie verdict. Fewer than two candidates: nothing is judged.

#include <cstddef>
#include <vector>

#include "chat/chat_service.hpp"
#include "core/task.hpp"
#include "judge/item_view.hpp"
#include "judge/judge_config.hpp"
#include "judge/record.hpp"

namespace pogen::pipeline {

// Judges the item's candidates by config.rank (above) and returns every judgment and the ranking.
Task<Ranking> rank_candidates(llm::ChatService& chat, const JudgingConfig& config,
                              const JudgeItem& item);

// Wins, pair counts and mean scores from pair verdicts and independent judgments (every usable
// score anywhere in them: both orders, every juror, a debate's final scores).
std::vector<CandidateStanding> tally_standings(std::size_t candidates,
                                               const std::vector<PairVerdict>& pairs,
                                               const std::vector<Judgment>& scored);

// Sets best, worst and selection from ranking.standings (and pairs).
void select_round_robin(Ranking& ranking);
void select_independent(Ranking& ranking, int quorum);

}  // namespace pogen::pipeline
