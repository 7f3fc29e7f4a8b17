#include "judge/judge_config.hpp"

#include <array>
#include <utility>

#include "judge/item_view.hpp"
#include "judge/parse/strategies.hpp"

namespace pogen::pipeline {
namespace {

template <typename Names>
void require_placeholders(const PromptTemplate& tmpl, const std::string& field, const Names& names,
                          std::vector<Diagnostic>& problems) {
  if (tmpl.text.empty()) {
    problems.push_back({"", 0, field, "no template loaded"});
    return;
  }
  for (const char* name : names) {
    if (!tmpl.placeholders.contains(name)) {
      problems.push_back({"", 0, field, tmpl.path + " does not use {{" + name + "}}"});
    }
  }
}

void check_templates(const JudgingConfig& config, std::vector<Diagnostic>& problems) {
  const StrategyRow& row = strategy_row(call_strategy(config));
  require_placeholders(judge_template(config, row.strategy),
                       std::string("judging.templates.") + row.template_key,
                       required_placeholders(row.sees), problems);
  require_placeholders(config.reask_template, "judging.templates.reask",
                       std::initializer_list<const char*>{"required_format"}, problems);
}

void check_debate(const JudgingConfig& config, std::vector<Diagnostic>& problems) {
  const DebateConfig& debate = *config.debate;
  if (debate.rounds < 1) {
    problems.push_back({"", 0, "judging.debate.rounds",
                        "must be at least 1, got " + std::to_string(debate.rounds)});
  }
  if (debate.roles.empty()) {
    problems.push_back({"", 0, "judging.debate.roles", "at least one role is required"});
  } else if (config.quorum > static_cast<int>(debate.roles.size())) {
    problems.push_back({"", 0, "judging.quorum",
                        "must be between 1 and " + std::to_string(debate.roles.size()) +
                            " (the debate roles), got " + std::to_string(config.quorum)});
  }
  for (std::size_t i = 0; i < debate.roles.size(); ++i) {
    if (debate.roles[i].judge.endpoint.empty()) {
      problems.push_back(
          {"", 0, "judging.debate.roles[" + std::to_string(i) + "].endpoint", "is required"});
    }
  }
  if (config.rank == RankMethod::independent_scores) {
    problems.push_back({"", 0, "judging.rank", "independent_scores cannot be used with a debate"});
  }
  constexpr const char* kDebatePlaceholders[] = {"persona", "question", "answer_a", "answer_b",
                                                 "transcript"};
  require_placeholders(debate.turn_template, "judging.debate.templates.turn", kDebatePlaceholders,
                       problems);
  require_placeholders(debate.final_template, "judging.debate.templates.final", kDebatePlaceholders,
                       problems);
  require_placeholders(config.reask_template, "judging.templates.reask",
                       std::initializer_list<const char*>{"required_format"}, problems);
}

}  // namespace

JudgeStrategy call_strategy(const JudgingConfig& config) {
  return config.rank == RankMethod::independent_scores ? JudgeStrategy::independent
                                                       : config.strategy;
}

bool judges_each_answer_alone(const JudgingConfig& config) {
  return !config.debate && strategy_row(call_strategy(config)).sees == JudgeSees::one_answer;
}

const PromptTemplate& judge_template(const JudgingConfig& config, JudgeStrategy strategy) {
  static const PromptTemplate kNone;
  auto found = config.templates.find(strategy);
  return found == config.templates.end() ? kNone : found->second;
}

std::vector<std::string> default_model_families() {
  return {"llama", "gemma", "gpt", "qwen", "mistral", "claude"};
}

const std::set<std::string>& judge_template_placeholders() {
  static const std::set<std::string> kNames = {"question", "context", "answer_a",
                                               "answer_b", "answer",  "max_score"};
  return kNames;
}
const std::set<std::string>& reask_template_placeholders() {
  static const std::set<std::string> kNames = {"required_format", "max_score"};
  return kNames;
}
const std::set<std::string>& debate_turn_placeholders() {
  static const std::set<std::string> kNames = {"role",     "persona",  "question",   "context",
                                               "answer_a", "answer_b", "transcript", "round",
                                               "rounds",   "max_score"};
  return kNames;
}
const std::set<std::string>& debate_final_placeholders() {
  static const std::set<std::string> kNames = {"role",       "persona",  "question",
                                               "context",    "answer_a", "answer_b",
                                               "transcript", "rounds",   "max_score"};
  return kNames;
}

std::optional<int> logprob_request(const JudgingConfig& config) {
  if (config.scores != ScoreReading::expected) return std::nullopt;
  return config.top_logprobs;
}

std::vector<Diagnostic> judging_config_problems(const JudgingConfig& config) {
  std::vector<Diagnostic> problems;
  if (config.top_logprobs < 1 || config.top_logprobs > kMaxTopLogprobs) {
    problems.push_back({"", 0, "judging.top_logprobs",
                        "must be between 1 and " + std::to_string(kMaxTopLogprobs) + ", got " +
                            std::to_string(config.top_logprobs)});
  }
  // A debate's final judgments are scored (combined) whatever the strategy.
  if (config.scores == ScoreReading::expected && !config.debate &&
      !strategy_row(call_strategy(config)).gives_scores) {
    problems.push_back({"", 0, "judging.scores",
                        std::string("expected needs scores, and the ") + name_of(config.strategy) +
                            " strategy gives a pick (use sampled, or a scoring strategy)"});
  }
  if (config.max_score != 5 && config.max_score != 10 && config.max_score != 100) {
    problems.push_back({"", 0, "judging.max_score",
                        "must be 5, 10 or 100, got " + format_score(config.max_score)});
  }
  if (config.aggregation == JuryAggregation::mean_score &&
      !strategy_row(call_strategy(config)).gives_scores) {
    problems.push_back({"", 0, "judging.aggregation",
                        std::string("mean_score needs scores, and the ") +
                            name_of(config.strategy) + " strategy gives none"});
  }
  if (config.quorum < 1) {
    problems.push_back(
        {"", 0, "judging.quorum", "must be at least 1, got " + std::to_string(config.quorum)});
  }
  if (config.debate) {
    check_debate(config, problems);
    return problems;
  }
  if (config.judges.empty()) {
    problems.push_back({"", 0, "judging.judges", "at least one judge is required"});
  } else if (config.quorum > static_cast<int>(config.judges.size())) {
    problems.push_back({"", 0, "judging.quorum",
                        "must be between 1 and " + std::to_string(config.judges.size()) +
                            " (the judges), got " + std::to_string(config.quorum)});
  }
  for (std::size_t i = 0; i < config.judges.size(); ++i) {
    if (config.judges[i].endpoint.empty()) {
      problems.push_back(
          {"", 0, "judging.judges[" + std::to_string(i) + "].endpoint", "is required"});
    }
  }
  check_templates(config, problems);
  return problems;
}

}  // namespace pogen::pipeline
