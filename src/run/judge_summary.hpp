#pragma once
// The judging summary: printed on stderr at the end of `pogen judge`, and kept in the run
// directory as judge-summary.json.

#include <cstddef>
#include <initializer_list>
#include <map>
#include <string>

#include "judge/tally.hpp"

namespace pogen::cli {

// "45 ok, 3 no_preference, 0 failed": every status of `order` (0 when absent), then any other
// status counted, so that nothing counted goes unmentioned.
std::string status_counts_text(const std::map<std::string, std::size_t>& by_status,
                               std::initializer_list<const char*> order);

// A few lines on stderr: items per status, judge calls per status, the position-flip rate, the
// self-judged judgments.
void print_judge_summary(const pipeline::JudgingTally& tally, const std::string& output_path);

// <run_dir>/judge-summary.json (to_json(tally)), written atomically.
void write_judge_summary(const std::string& run_dir, const pipeline::JudgingTally& tally);

}  // namespace pogen::cli
