#pragma once
// The plan `pogen build-dataset --dry-run` prints: how many requests each stage will send to
// each endpoint, with rough token counts, computed from the config and the prompts without
// sending anything. Request counts are exact for a run without failures (the judges' follow-up
// turns, retries and a feedback loop's early stop are not counted). Tokens are estimates: prompt
// text at about 4 characters a token, every earlier answer in a prompt and every completion at
// the role's max_tokens (kAssumedAnswerTokens when unset), so they are an upper bound.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/run_config.hpp"

namespace pogen::pipeline {

inline constexpr std::int64_t kAssumedAnswerTokens = 512;

struct PlanCell {
  std::int64_t requests = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
};

struct DatasetPlan {
  std::size_t items = 0;
  std::map<std::pair<std::string, std::string>, PlanCell> cells;  // (stage, endpoint)

  std::int64_t total_requests() const;
  // Every endpoint the plan sends to, once each.
  std::vector<std::string> endpoints() const;
  // The estimated cost over the endpoints that have a price; nullopt when none has.
  std::optional<double> cost(const std::map<std::string, Price>& prices) const;
};

// Adds one prompt whose text is `prompt_tokens` tokens long.
void plan_item(DatasetPlan& plan, const RunConfig& config, std::int64_t prompt_tokens);
// The generation stage alone (pogen generate).
void plan_generation_item(DatasetPlan& plan, const RunConfig& config, std::int64_t prompt_tokens);
// The judging stage alone (pogen judge, eval-judge, winrate): `candidates` answers of at most
// `answer_tokens` each.
void plan_judging_item(DatasetPlan& plan, const RunConfig& config, std::int64_t prompt_tokens,
                       std::int64_t candidates, std::int64_t answer_tokens);

nlohmann::json to_json(const DatasetPlan& plan, const std::map<std::string, Price>& prices);

}  // namespace pogen::pipeline
