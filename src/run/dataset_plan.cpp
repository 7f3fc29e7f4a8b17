#include "run/dataset_plan.hpp"

#include <algorithm>

#include "core/json_output.hpp"

namespace pogen::pipeline {
namespace {

std::int64_t answer_tokens(const llm::SamplingParams& sampling) {
  return sampling.max_tokens ? *sampling.max_tokens : kAssumedAnswerTokens;
}

void add(DatasetPlan& plan, const std::string& stage, const std::string& endpoint,
         std::int64_t requests, std::int64_t prompt_tokens, std::int64_t completion_tokens) {
  auto& cell = plan.cells[{stage, endpoint}];
  cell.requests += requests;
  cell.prompt_tokens += requests * prompt_tokens;
  cell.completion_tokens += requests * completion_tokens;
}

// Candidates per item, after planning the generation requests.
std::int64_t plan_generation(DatasetPlan& plan, const GenerationConfig& g, std::int64_t prompt) {
  if (g.strategy == GenerationStrategy::feedback_loop) {
    const std::int64_t answer = answer_tokens(g.generator.sampling);
    add(plan, "generate", g.generator.endpoint, 1, prompt, answer);
    for (int i = 1; i < g.iterations; ++i) {
      // The conversation so far: the prompt, every answer and every critique before.
      const std::int64_t history = prompt + i * answer * (1 + static_cast<int>(g.reviewers.size()));
      add(plan, "revise", g.generator.endpoint, 1, history, answer);
      for (const auto& reviewer : g.reviewers) {
        add(plan, "review", reviewer.endpoint, 1, prompt + answer,
            answer_tokens(reviewer.sampling));
      }
    }
    return g.iterations;
  }
  std::int64_t candidates = 0;
  for (const auto& model : g.models) {
    const int samples = g.strategy == GenerationStrategy::multi ? model.samples : 1;
    const std::int64_t requests = model.use_n ? 1 : samples;
    add(plan, "generate", model.endpoint, requests, prompt,
        answer_tokens(model.sampling) * samples / requests);
    candidates += samples;
  }
  return candidates;
}

std::int64_t pairs_for(const JudgingConfig& j, std::int64_t c) {
  return j.rank == RankMethod::tournament ? c - 1 : c * (c - 1) / 2;
}

void plan_judging(DatasetPlan& plan, const JudgingConfig& j, std::int64_t prompt,
                  std::int64_t candidates, std::int64_t answer) {
  if (candidates < 2) return;
  const std::int64_t pairs = pairs_for(j, candidates);
  if (j.debate) {
    const auto& d = *j.debate;
    for (const auto& role : d.roles) {
      const std::int64_t talk =
          prompt + 2 * answer +
          answer_tokens(role.judge.sampling) * d.rounds * static_cast<int>(d.roles.size());
      add(plan, "debate", role.judge.endpoint, pairs * (d.rounds + 1), talk,
          answer_tokens(role.judge.sampling));
    }
    return;
  }
  const bool alone = judges_each_answer_alone(j);
  const std::int64_t orders = j.swap == SwapMode::both ? 2 : 1;
  for (const auto& judge : j.judges) {
    if (alone) {
      add(plan, "judge", judge.endpoint, candidates, prompt + answer,
          answer_tokens(judge.sampling));
    } else {
      add(plan, "judge", judge.endpoint, pairs * orders, prompt + 2 * answer,
          answer_tokens(judge.sampling));
    }
  }
}

// The longest answer a candidate may have: the generation roles' max_tokens.
std::int64_t candidate_tokens(const GenerationConfig& g) {
  if (g.strategy == GenerationStrategy::feedback_loop) return answer_tokens(g.generator.sampling);
  std::int64_t longest = 0;
  for (const auto& m : g.models) longest = std::max(longest, answer_tokens(m.sampling));
  return longest;
}

}  // namespace

std::int64_t DatasetPlan::total_requests() const {
  std::int64_t total = 0;
  for (const auto& [key, cell] : cells) total += cell.requests;
  return total;
}

std::vector<std::string> DatasetPlan::endpoints() const {
  std::vector<std::string> names;
  for (const auto& [key, cell] : cells) {
    if (std::find(names.begin(), names.end(), key.second) == names.end()) {
      names.push_back(key.second);
    }
  }
  return names;
}

std::optional<double> DatasetPlan::cost(const std::map<std::string, Price>& prices) const {
  std::optional<double> total;
  for (const auto& [key, cell] : cells) {
    auto it = prices.find(key.second);
    if (it == prices.end()) continue;
    total = total.value_or(0) + it->second.cost(cell.prompt_tokens, cell.completion_tokens);
  }
  return total;
}

void plan_item(DatasetPlan& plan, const RunConfig& config, std::int64_t prompt_tokens) {
  ++plan.items;
  const std::int64_t candidates = plan_generation(plan, *config.generation, prompt_tokens);
  plan_judging(plan, *config.judging, prompt_tokens, candidates,
               candidate_tokens(*config.generation));
}

void plan_generation_item(DatasetPlan& plan, const RunConfig& config, std::int64_t prompt_tokens) {
  ++plan.items;
  plan_generation(plan, *config.generation, prompt_tokens);
}

void plan_judging_item(DatasetPlan& plan, const RunConfig& config, std::int64_t prompt_tokens,
                       std::int64_t candidates, std::int64_t answer_tokens) {
  ++plan.items;
  plan_judging(plan, *config.judging, prompt_tokens, candidates, answer_tokens);
}

nlohmann::json to_json(const DatasetPlan& plan, const std::map<std::string, Price>& prices) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& [key, cell] : plan.cells) {
    cells.push_back({{"stage", key.first},
                     {"endpoint", key.second},
                     {"requests", cell.requests},
                     {"estimated_prompt_tokens", cell.prompt_tokens},
                     {"estimated_completion_tokens", cell.completion_tokens}});
  }
  nlohmann::json out = {
      {"items", plan.items}, {"requests", plan.total_requests()}, {"by_stage_and_endpoint", cells}};
  out["estimated_cost"] = io::number_or_null(plan.cost(prices));
  return out;
}

}  // namespace pogen::pipeline
