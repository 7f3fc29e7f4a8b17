#pragma once
// Judging a list of two-candidate items with a config's judging section, for eval-judge and
// winrate: judgments.jsonl in the session's output folder (input order), responses kept in its
// cache so that an interrupted evaluation resumes without re-sending, and the verdict on each
// pair.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/run_config.hpp"
#include "generate/generation.hpp"
#include "judge/judged_item.hpp"
#include "judge/tally.hpp"
#include "metrics/verdict.hpp"
#include "run/session.hpp"

namespace pogen::cli {

struct JudgeBatchResult {
  pipeline::JudgingTally tally;
  // Per item: the verdict on candidates 0 and 1 (A = the first), or nullopt when the pair got
  // none (judging failed, or an answer was empty or truncated).
  std::vector<std::optional<metrics::Verdict>> verdicts;
  std::vector<std::string> reasons;  // per item: why there is no verdict; empty otherwise
};

// Judges with the session's config, which must have a judging section; `empty` says whether an
// empty answer is judged as given (measuring a judge) or left out. Throws StoppedBySignal on
// SIGINT/SIGTERM (nothing is written then).
JudgeBatchResult judge_batch(RunSession& session, std::vector<pipeline::GeneratedItem> items,
                             bool quiet, pipeline::EmptyAnswers empty);

// The rule for empty answers that --skip-empty-answers (stage_flags) chooses.
pipeline::EmptyAnswers empty_answers_rule(bool skip_empty_answers);

// Items with an empty (or whitespace-only) answer among their candidates.
std::size_t count_empty_answer_items(const std::vector<pipeline::GeneratedItem>& items);

// How many pairs had an empty answer and what became of them: a line on stderr, and
// {"count": N, "judged": true|false} for the report.
void print_empty_answer_pairs(std::size_t count, bool skipped);
nlohmann::json empty_answer_pairs_json(std::size_t count, bool skipped);

}  // namespace pogen::cli
