#pragma once
// The two faces of a StudyResult: the full report as JSON (undefined values are null) and the
// summary table for a terminal ("n/a" where a value is undefined).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/agreement_study.hpp"

namespace pogen::eval {

nlohmann::json study_json(const StudyResult& result, const StudyOptions& options,
                          bool paper_compat);

// One line per compared item: {"id", "reference", "<judge or jury name>": "A" | "B" | "tie" |
// null (failed), ...}, for auditing single verdicts.
std::vector<nlohmann::json> study_verdict_lines(const StudyResult& result);

std::string study_table(const StudyResult& result, const StudyOptions& options);

// A bootstrap interval in every report: {"lower", "upper" (null when undefined), "resamples",
// "undefined"}.
nlohmann::json interval_json(const metrics::BootstrapInterval& interval);

}  // namespace pogen::eval
