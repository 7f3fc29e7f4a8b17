#include "judge/self_bias.hpp"

#include <algorithm>
#include <cctype>

namespace pogen::pipeline {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string shared_family(std::string_view model_a, std::string_view model_b,
                          const std::vector<std::string>& families) {
  const std::string a = lower(model_a);
  const std::string b = lower(model_b);
  for (const auto& family : families) {
    const std::string f = lower(family);
    if (f.empty()) continue;
    if (a.find(f) != std::string::npos && b.find(f) != std::string::npos) return family;
  }
  return "";
}

bool same_family(std::string_view judge_model, std::string_view generator_model,
                 const std::vector<std::string>& families) {
  return judge_model == generator_model ||
         !shared_family(judge_model, generator_model, families).empty();
}

std::vector<SelfJudgeClash> check_self_judging(const std::vector<std::string>& judge_models,
                                               const std::vector<std::string>& generator_models,
                                               const std::vector<std::string>& families) {
  std::vector<SelfJudgeClash> clashes;
  for (const auto& judge : judge_models) {
    for (const auto& generator : generator_models) {
      if (!same_family(judge, generator, families)) continue;
      SelfJudgeClash clash{judge, generator,
                           judge == generator ? "" : shared_family(judge, generator, families)};
      if (std::find(clashes.begin(), clashes.end(), clash) == clashes.end()) {
        clashes.push_back(std::move(clash));
      }
    }
  }
  return clashes;
}

std::string describe(const SelfJudgeClash& clash) {
  if (clash.family.empty()) {
    return "judge model \"" + clash.judge_model + "\" also generates candidates";
  }
  return "judge model \"" + clash.judge_model + "\" shares family \"" + clash.family +
         "\" with generator model \"" + clash.generator_model + "\"";
}

}  // namespace pogen::pipeline
