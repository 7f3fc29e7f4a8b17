#pragma once
// The tournament ranking method (rules in judge_rank.hpp): the bracket is played round by round,
// the matches of a round concurrently.

#include <cstddef>

#include "core/task.hpp"
#include "judge/panel.hpp"
#include "judge/record.hpp"

namespace pogen::pipeline {

// Plays the bracket over `candidates` candidates with the panel, appending every match to
// ranking.pairs, then fills ranking.standings, best, worst and selection, e.g.
// "tournament: round 1: 0 beat 1, 2 bye; round 2: 2 beat 0; best 2 (won the final), worst 1
// (mean score 4, wins 0)".
Task<void> run_tournament(JudgePanel& panel, std::size_t candidates, Ranking& ranking);

}  // namespace pogen::pipeline
