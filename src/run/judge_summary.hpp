#pragma once
// The judging summary: printed on stderr at the end of `pogen judge`, and kept in the run
// directory as judge-summary.json.

#include <cstddef>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "judge/self_bias.hpp"
#include "judge/tally.hpp"

namespace pogen::cli {

// "45 ok, 3 no_preference, 0 failed": every status of `order` (0 when absent), then any other
// status counted, so that nothing counted goes unmentioned.
std::string status_counts_text(const std::map<std::string, std::size_t>& by_status,
                               std::initializer_list<const char*> order);

// The family-preference score of the tally's jury verdicts (docs/metrics.md), with the config's
// model families: {"families": [...], "not_applicable": reason or null}.
nlohmann::json family_preference_json(const pipeline::FamilyPreferenceReport& report);

// A few lines on stderr: items per status, judge calls per status, the position-flip rate, the
// self-judged judgments, each judge's position consistency with its Wilson interval, and the
// family-preference score of a jury (`family`: pipeline::family_preference of the tally's jury
// verdicts, computed once by the command for the terminal and its report alike).
void print_judge_summary(const pipeline::JudgingTally& tally, const std::string& output_path,
                         const pipeline::FamilyPreferenceReport& family);

// <run_dir>/judge-summary.json (to_json(tally) and "family_preference"), written atomically.
void write_judge_summary(const std::string& run_dir, const pipeline::JudgingTally& tally,
                         const pipeline::FamilyPreferenceReport& family);

}  // namespace pogen::cli
