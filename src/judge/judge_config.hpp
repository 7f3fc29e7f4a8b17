#pragma once
// How an item's candidates are judged: the strategy (judge_parse.hpp), position-bias handling,
// ranking of more than two candidates, single judge or jury, an optional debate, and the
// self-judging guard. Plain data; the config loader fills it and judging_config_problems()
// checks it before the first request.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "chat/chat.hpp"
#include "core/diagnostics.hpp"
#include "judge/parse/parse.hpp"
#include "templates/prompt_template.hpp"

namespace pogen::pipeline {

// both: every pair judged as AB and as BA; none: AB only; random: one order per pair, chosen by
// a hash of (item id, pair) so that a rerun picks the same one.
enum class SwapMode { both, none, random };
enum class RankMethod { round_robin, tournament, independent_scores };
enum class JuryAggregation { majority, mean_score };
enum class DebateAggregation { mean_score, vote };
enum class SelfJudgePolicy { warn, error };

const char* swap_mode_name(SwapMode mode);
const char* rank_method_name(RankMethod method);
const char* jury_aggregation_name(JuryAggregation aggregation);
const char* debate_aggregation_name(DebateAggregation aggregation);
const char* self_judge_policy_name(SelfJudgePolicy policy);
// Each accepts exactly the names above; nullopt for anything else.
std::optional<SwapMode> parse_swap_mode(std::string_view name);
std::optional<RankMethod> parse_rank_method(std::string_view name);
std::optional<JuryAggregation> parse_jury_aggregation(std::string_view name);
std::optional<DebateAggregation> parse_debate_aggregation(std::string_view name);
std::optional<SelfJudgePolicy> parse_self_judge_policy(std::string_view name);

// One judge: an endpoint and how to sample from it.
struct JudgeSpec {
  std::string endpoint;
  llm::SamplingParams sampling;
};

// One debater: a persona (prompts/debate-role-*.md) speaking through an endpoint.
struct DebateRole {
  std::string name;     // shown to the other debaters, e.g. "Psychologist"
  std::string persona;  // who the role is and what it looks for
  JudgeSpec judge;
};

struct DebateConfig {
  int rounds = 2;
  std::vector<DebateRole> roles;  // default_debate_roles(): general public, psychologist, critic
  DebateAggregation aggregation = DebateAggregation::mean_score;
  PromptTemplate turn_template;   // prompts/debate-turn.md
  PromptTemplate final_template;  // prompts/debate-final.md
};

// Model families for the self-judging guard: two models are of one family when both names
// contain the same entry (case-insensitive).
std::vector<std::string> default_model_families();

struct SelfJudgeGuard {
  SelfJudgePolicy policy = SelfJudgePolicy::warn;
  std::vector<std::string> families = default_model_families();
};

struct JudgingConfig {
  JudgeStrategy strategy = JudgeStrategy::combined;
  double max_score = 10;  // 5, 10 or 100
  SwapMode swap = SwapMode::both;
  RankMethod rank = RankMethod::round_robin;
  bool json_output = false;       // ask for judge_response_format() and parse the JSON reply
  std::vector<JudgeSpec> judges;  // one: a single judge; more: a jury
  JuryAggregation aggregation = JuryAggregation::majority;
  int quorum = 1;  // jurors (or debaters) with a usable verdict needed for a pair verdict
  std::optional<DebateConfig> debate;  // set: every pair verdict comes from a debate
  PromptTemplate combined_template;
  PromptTemplate independent_template;
  PromptTemplate comparison_template;
  PromptTemplate reask_template;
  SelfJudgeGuard self_judge;
};

// Placeholders each template may use (for load_template).
const std::set<std::string>& judge_template_placeholders();  // question context answer_a ...
const std::set<std::string>& reask_template_placeholders();  // required_format max_score
const std::set<std::string>& debate_turn_placeholders();
const std::set<std::string>& debate_final_placeholders();

// Everything wrong with a config, each with a dotted field under "judging" and no file or line
// (the loader adds those). Empty when the config can be run.
std::vector<Diagnostic> judging_config_problems(const JudgingConfig& config);

}  // namespace pogen::pipeline
