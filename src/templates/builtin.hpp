#pragma once
// The templates of prompts/, compiled into pogen so that it works from any directory. A config
// names one as `builtin:<file>` (e.g. builtin:review.md) or a path to its own file.

#include <optional>
#include <string_view>
#include <vector>

namespace pogen::pipeline {

struct BuiltinPrompt {
  std::string_view name;  // path under prompts/, e.g. "review.md"
  std::string_view text;
};

const std::vector<BuiltinPrompt>& builtin_prompts();
std::optional<std::string_view> builtin_prompt(std::string_view name);

}  // namespace pogen::pipeline
