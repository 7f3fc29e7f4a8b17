#include "run/self_judge_guard.hpp"

#include <map>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/diagnostics.hpp"
#include "judge/self_bias.hpp"

namespace pogen::cli {
namespace {

std::string model_of(const pipeline::RunConfig& config, const std::string& endpoint) {
  const auto* e = io::find_endpoint(config.base, endpoint);
  return e ? e->model : endpoint;
}

}  // namespace

std::set<std::string> judge_models(const pipeline::RunConfig& config) {
  std::set<std::string> models;
  if (!config.judging) return models;
  for (const auto& judge : config.judging->judges) models.insert(model_of(config, judge.endpoint));
  if (config.judging->debate) {
    for (const auto& role : config.judging->debate->roles) {
      models.insert(model_of(config, role.judge.endpoint));
    }
  }
  return models;
}

std::set<std::string> generator_models(const pipeline::RunConfig& config) {
  std::set<std::string> models;
  if (!config.generation) return models;
  const auto& g = *config.generation;
  if (g.strategy == pipeline::GenerationStrategy::feedback_loop) {
    models.insert(model_of(config, g.generator.endpoint));
  }
  for (const auto& role : g.models) models.insert(model_of(config, role.endpoint));
  return models;
}

std::vector<std::string> shared_jury_family_lines(const pipeline::RunConfig& config) {
  std::vector<std::string> lines;
  if (!config.judging) return lines;
  std::vector<std::pair<std::string, std::string>> jurors;
  for (const auto& judge : config.judging->judges) {
    jurors.emplace_back(judge.endpoint, model_of(config, judge.endpoint));
  }
  for (const auto& shared :
       pipeline::shared_jury_families(jurors, config.judging->self_judge.families)) {
    lines.push_back(pipeline::describe(shared));
  }
  return lines;
}

void warn_shared_jury_families(const pipeline::RunConfig& config) {
  for (const auto& line : shared_jury_family_lines(config)) spdlog::warn("jury: {}", line);
}

void apply_self_judge_guard(const pipeline::RunConfig& config,
                            const std::set<std::string>& generators) {
  if (!config.judging) return;
  warn_shared_jury_families(config);
  const auto judges = judge_models(config);
  const auto clashes = pipeline::check_self_judging({judges.begin(), judges.end()},
                                                    {generators.begin(), generators.end()},
                                                    config.judging->self_judge.families);
  if (clashes.empty()) return;
  if (config.judging->self_judge.policy == pipeline::SelfJudgePolicy::error) {
    std::vector<Diagnostic> problems;
    for (const auto& clash : clashes) {
      problems.push_back({config.base.path, 0, "judging.self_judge",
                          pipeline::describe(clash) + " (self_judge: error)"});
    }
    throw InputError(std::move(problems));
  }
  std::map<std::string, std::string> by_judge;
  for (const auto& clash : clashes) {
    auto& line = by_judge[clash.judge_model];
    line += (line.empty() ? "" : "; ") + pipeline::describe(clash);
  }
  for (const auto& [judge, line] : by_judge) {
    spdlog::warn(
        "self-judging: {}; its judgments of those answers are flagged self_judged and "
        "counted in the summary (set judging.self_judge: error to refuse)",
        line);
  }
}

}  // namespace pogen::cli
