#pragma once
// The self-judging guard. A judge tends to prefer answers written by its own model or family, so
// pogen flags every judgment whose judge wrote (by model or family) a candidate it judged, and
// checks a config up front so that the caller can warn once per judge or refuse to start.

#include <string>
#include <string_view>
#include <vector>

namespace pogen::pipeline {

// The family entry both names contain (case-insensitive), the first in `families` order; ""
// when they share none.
std::string shared_family(std::string_view model_a, std::string_view model_b,
                          const std::vector<std::string>& families);

// Same model name (exactly), or a shared family.
bool same_family(std::string_view judge_model, std::string_view generator_model,
                 const std::vector<std::string>& families);

struct SelfJudgeClash {
  std::string judge_model;
  std::string generator_model;
  std::string family;  // "" when the model names are identical
  bool operator==(const SelfJudgeClash&) const = default;
};

// Every (judge, generator) pair that clashes, judges in the given order, each pair once.
std::vector<SelfJudgeClash> check_self_judging(const std::vector<std::string>& judge_models,
                                               const std::vector<std::string>& generator_models,
                                               const std::vector<std::string>& families);

// One line for a warning or an error:
// `judge model "gemma-2-9b-it" shares family "gemma" with generator model "gemma-2-2b-it"`, or
// `judge model "m" also generates candidates` when the names are identical.
std::string describe(const SelfJudgeClash& clash);

}  // namespace pogen::pipeline
