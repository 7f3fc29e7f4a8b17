#pragma once
// The self-judging guard before the first request: the judges' models against the models that
// wrote the candidates. `self_judge: warn` logs one warning per judge model naming the generator
// models it clashes with; `self_judge: error` refuses to start (InputError, exit 2). The affected
// judgments are flagged one by one during the run and counted in the summary.

#include <set>
#include <string>
#include <vector>

#include "config/run_config.hpp"

namespace pogen::cli {

// Every model the judging section speaks through (judges, debate roles), by endpoint.
std::set<std::string> judge_models(const pipeline::RunConfig& config);

// Every model the generation section asks for answers.
std::set<std::string> generator_models(const pipeline::RunConfig& config);

// One line per family that two or more jurors share (judge/self_bias.hpp), each logged as a
// warning by warn_shared_jury_families; none for a single judge. A warning, never an error.
std::vector<std::string> shared_jury_family_lines(const pipeline::RunConfig& config);
void warn_shared_jury_families(const pipeline::RunConfig& config);

// Also warns of jurors sharing a family (warn_shared_jury_families).
void apply_self_judge_guard(const pipeline::RunConfig& config,
                            const std::set<std::string>& generators);

}  // namespace pogen::cli
