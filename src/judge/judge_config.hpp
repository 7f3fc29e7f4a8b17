#pragma once
// How an item's candidates are judged: the strategy (judge/parse/strategies.hpp), position-bias
// handling, ranking of more than two candidates, single judge or jury, an optional debate, and the
// self-judging guard. Plain data; the config loader fills it and judging_config_problems()
// checks it before the first request.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "chat/chat.hpp"
#include "core/diagnostics.hpp"
#include "core/enum_names.hpp"
#include "judge/parse/parse.hpp"
#include "templates/prompt_template.hpp"

namespace pogen::pipeline {

// both: every pair judged as AB and as BA; none: AB only; random: one order per pair, chosen by
// a hash of (item id, pair) so that a rerun picks the same one.
enum class SwapMode { both, none, random };
inline constexpr EnumNames<SwapMode, 3> kSwapModeNames{
    {{{SwapMode::both, "both"}, {SwapMode::none, "none"}, {SwapMode::random, "random"}}}};
constexpr const auto& enum_names(SwapMode) { return kSwapModeNames; }
enum class RankMethod { round_robin, tournament, independent_scores };
inline constexpr EnumNames<RankMethod, 3> kRankMethodNames{
    {{{RankMethod::round_robin, "round_robin"},
      {RankMethod::tournament, "tournament"},
      {RankMethod::independent_scores, "independent_scores"}}}};
constexpr const auto& enum_names(RankMethod) { return kRankMethodNames; }
enum class JuryAggregation { majority, mean_score };
inline constexpr EnumNames<JuryAggregation, 2> kJuryAggregationNames{
    {{{JuryAggregation::majority, "majority"}, {JuryAggregation::mean_score, "mean_score"}}}};
constexpr const auto& enum_names(JuryAggregation) { return kJuryAggregationNames; }
enum class DebateAggregation { mean_score, vote };
inline constexpr EnumNames<DebateAggregation, 2> kDebateAggregationNames{
    {{{DebateAggregation::mean_score, "mean_score"}, {DebateAggregation::vote, "vote"}}}};
constexpr const auto& enum_names(DebateAggregation) { return kDebateAggregationNames; }
enum class SelfJudgePolicy { warn, error };
inline constexpr EnumNames<SelfJudgePolicy, 2> kSelfJudgePolicyNames{
    {{{SelfJudgePolicy::warn, "warn"}, {SelfJudgePolicy::error, "error"}}}};
constexpr const auto& enum_names(SelfJudgePolicy) { return kSelfJudgePolicyNames; }

// How a judge's score is read: the score it wrote (sampled), or the probability-weighted mean of
// the scores on the scale at the place it wrote it (expected, judge/parse/expected_score.hpp).
enum class ScoreReading { sampled, expected };
inline constexpr EnumNames<ScoreReading, 2> kScoreReadingNames{
    {{{ScoreReading::sampled, "sampled"}, {ScoreReading::expected, "expected"}}}};
constexpr const auto& enum_names(ScoreReading) { return kScoreReadingNames; }

// judging.top_logprobs: OpenAI's cap, and vLLM's default --max-logprobs.
inline constexpr int kMaxTopLogprobs = 20;

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
  bool json_output = false;  // ask for judge_response_format() and parse the JSON reply
  ScoreReading scores = ScoreReading::sampled;
  int top_logprobs = kMaxTopLogprobs;  // alternatives per token asked for with expected scores
  std::vector<JudgeSpec> judges;       // one: a single judge; more: a jury
  JuryAggregation aggregation = JuryAggregation::majority;
  int quorum = 1;  // jurors (or debaters) with a usable verdict needed for a pair verdict
  std::optional<DebateConfig> debate;  // set: every pair verdict comes from a debate
  // One per strategy (strategies.hpp), judging.templates.<key>; the loader fills every row's.
  std::map<JudgeStrategy, PromptTemplate> templates;
  PromptTemplate reask_template;
  SelfJudgeGuard self_judge;
};

// The strategy the judge calls use: independent when candidates are ranked by independent
// scores, whatever the strategy; otherwise the configured one.
JudgeStrategy call_strategy(const JudgingConfig& config);
// True when each candidate is judged alone (one call per candidate and judge), not in pairs.
bool judges_each_answer_alone(const JudgingConfig& config);
// What a judge call asks of log-probabilities: top_logprobs with expected scores, else nothing.
std::optional<int> logprob_request(const JudgingConfig& config);
// The template of a strategy; an empty one (no text) when none is loaded.
const PromptTemplate& judge_template(const JudgingConfig& config, JudgeStrategy strategy);

// Placeholders each template may use (for load_template).
const std::set<std::string>& judge_template_placeholders();  // question context answer_a ...
const std::set<std::string>& reask_template_placeholders();  // required_format max_score
const std::set<std::string>& debate_turn_placeholders();
const std::set<std::string>& debate_final_placeholders();

// Everything wrong with a config, each with a dotted field under "judging" and no file or line
// (the loader adds those). Empty when the config can be run.
std::vector<Diagnostic> judging_config_problems(const JudgingConfig& config);

}  // namespace pogen::pipeline
