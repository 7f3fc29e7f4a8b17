#include "judge/judge_config.hpp"

#include <array>
#include <utility>

#include "judge/item_view.hpp"

namespace pogen::pipeline {
namespace {

void require_placeholders(const PromptTemplate& tmpl, const std::string& field,
                          std::initializer_list<const char*> names,
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
  bool scored_alone = config.strategy == JudgeStrategy::independent ||
                      config.rank == RankMethod::independent_scores;
  if (scored_alone) {
    require_placeholders(config.independent_template, "judging.independent_template",
                         {"question", "answer"}, problems);
  } else if (config.strategy == JudgeStrategy::combined) {
    require_placeholders(config.combined_template, "judging.combined_template",
                         {"question", "answer_a", "answer_b"}, problems);
  } else {
    require_placeholders(config.comparison_template, "judging.comparison_template",
                         {"question", "answer_a", "answer_b"}, problems);
  }
  require_placeholders(config.reask_template, "judging.reask_template", {"required_format"},
                       problems);
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
  require_placeholders(debate.turn_template, "judging.debate.turn_template",
                       {"persona", "question", "answer_a", "answer_b", "transcript"}, problems);
  require_placeholders(debate.final_template, "judging.debate.final_template",
                       {"persona", "question", "answer_a", "answer_b", "transcript"}, problems);
  require_placeholders(config.reask_template, "judging.reask_template", {"required_format"},
                       problems);
}

}  // namespace

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

std::vector<Diagnostic> judging_config_problems(const JudgingConfig& config) {
  std::vector<Diagnostic> problems;
  if (config.max_score != 5 && config.max_score != 10 && config.max_score != 100) {
    problems.push_back({"", 0, "judging.max_score",
                        "must be 5, 10 or 100, got " + format_score(config.max_score)});
  }
  if (config.aggregation == JuryAggregation::mean_score &&
      config.strategy == JudgeStrategy::comparison &&
      config.rank != RankMethod::independent_scores) {
    problems.push_back({"", 0, "judging.aggregation",
                        "mean_score needs scores, and the comparison strategy gives none"});
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
