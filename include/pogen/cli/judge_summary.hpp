#pragma once
// The judging summary: printed on stderr at the end of `pogen judge`, and kept in the run
// directory as judge-summary.json.

#include <string>

#include "pogen/pipeline/judge_tally.hpp"

namespace pogen::cli {

// A few lines on stderr: items per status, judge calls per status, the position-flip rate, the
// self-judged judgments.
void print_judge_summary(const pipeline::JudgingTally& tally, const std::string& output_path);

// <run_dir>/judge-summary.json (to_json(tally)), written atomically.
void write_judge_summary(const std::string& run_dir, const pipeline::JudgingTally& tally);

}  // namespace pogen::cli
