#include "run/item_plans.hpp"

#include <algorithm>

#include "llm/protocol.hpp"
#include "run/dataset_plan.hpp"

namespace pogen::cli {
namespace {

// Enough candidates for every judge to be planned (judging plans nothing for fewer than two).
constexpr std::int64_t kCandidatesForEndpoints = 2;

std::int64_t longest_answer_tokens(const pipeline::GeneratedItem& item) {
  std::size_t longest = 0;
  for (const auto& candidate : item.candidates) longest = std::max(longest, candidate.text.size());
  return prompt_tokens({llm::Message{llm::Role::assistant, std::string(longest, ' ')}});
}

}  // namespace

std::int64_t prompt_tokens(const std::vector<llm::Message>& messages) {
  llm::ChatRequest request;
  request.messages = messages;
  return llm::estimate_tokens(request);
}

Reservation dataset_reservation(const pipeline::RunConfig& config, const io::PromptItem& item) {
  pipeline::DatasetPlan plan;
  pipeline::plan_item(plan, config, prompt_tokens(item.messages));
  return reservation_for(plan, config.prices);
}

std::vector<std::string> dataset_endpoints(const pipeline::RunConfig& config) {
  pipeline::DatasetPlan plan;
  pipeline::plan_item(plan, config, 1);
  return plan.endpoints();
}

Reservation generation_reservation(const pipeline::RunConfig& config, const io::PromptItem& item) {
  pipeline::DatasetPlan plan;
  pipeline::plan_generation_item(plan, config, prompt_tokens(item.messages));
  return reservation_for(plan, config.prices);
}

std::vector<std::string> generation_endpoints(const pipeline::RunConfig& config) {
  pipeline::DatasetPlan plan;
  pipeline::plan_generation_item(plan, config, 1);
  return plan.endpoints();
}

Reservation judging_reservation(const pipeline::RunConfig& config,
                                const pipeline::GeneratedItem& item) {
  pipeline::DatasetPlan plan;
  pipeline::plan_judging_item(plan, config, prompt_tokens(item.conversation),
                              static_cast<std::int64_t>(item.candidates.size()),
                              longest_answer_tokens(item));
  return reservation_for(plan, config.prices);
}

std::vector<std::string> judging_endpoints(const pipeline::RunConfig& config) {
  pipeline::DatasetPlan plan;
  pipeline::plan_judging_item(plan, config, 1, kCandidatesForEndpoints, 1);
  return plan.endpoints();
}

}  // namespace pogen::cli
