#pragma once
// Each pipeline command's plan of one item, for what the run reserves before the item starts
// (run/run_guard.hpp) and for which endpoints it probes before the first item. The plans are the
// dry-run plan's (run/dataset_plan.hpp): requests without retries or format re-asks, tokens at
// most the roles' max_tokens.

#include <string>
#include <vector>

#include "config/run_config.hpp"
#include "generate/generation.hpp"
#include "prompt_files/item.hpp"
#include "run/run_guard.hpp"

namespace pogen::cli {

// build-dataset: generation and judging of one prompt.
Reservation dataset_reservation(const pipeline::RunConfig& config, const io::PromptItem& item);
std::vector<std::string> dataset_endpoints(const pipeline::RunConfig& config);

// generate: the generation stage of one prompt.
Reservation generation_reservation(const pipeline::RunConfig& config, const io::PromptItem& item);
std::vector<std::string> generation_endpoints(const pipeline::RunConfig& config);

// judge, eval-judge, winrate: the judging of one item's candidates.
Reservation judging_reservation(const pipeline::RunConfig& config,
                                const pipeline::GeneratedItem& item);
std::vector<std::string> judging_endpoints(const pipeline::RunConfig& config);

// The dry-run plan's estimate of a prompt's tokens.
std::int64_t prompt_tokens(const std::vector<llm::Message>& messages);

}  // namespace pogen::cli
