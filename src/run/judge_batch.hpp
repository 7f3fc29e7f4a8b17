#pragma once
// Judging a list of two-candidate items with a config's judging section, for eval-judge and
// winrate: judgments.jsonl in the run directory (input order), responses kept in
// responses.sqlite so that an interrupted evaluation resumes without re-sending, and the verdict
// on each pair.

#include <optional>
#include <string>
#include <vector>

#include "config/run_config.hpp"
#include "generate/generation.hpp"
#include "judge/tally.hpp"
#include "metrics/verdict.hpp"

namespace pogen::cli {

struct JudgeBatchResult {
  pipeline::JudgingTally tally;
  // Per item: the verdict on candidates 0 and 1 (A = the first), or nullopt when the pair got
  // none (judging failed, or an answer was empty or truncated).
  std::vector<std::optional<metrics::Verdict>> verdicts;
  std::vector<std::string> reasons;  // per item: why there is no verdict; empty otherwise
};

// Takes the run directory's lock for the duration. Throws StoppedBySignal on SIGINT/SIGTERM.
JudgeBatchResult judge_batch(const pipeline::RunConfig& config,
                             std::vector<pipeline::GeneratedItem> items,
                             const std::string& run_dir);

}  // namespace pogen::cli
