#include "templates/builtin.hpp"

namespace pogen::pipeline {

std::optional<std::string_view> builtin_prompt(std::string_view name) {
  for (const auto& p : builtin_prompts()) {
    if (p.name == name) return p.text;
  }
  return std::nullopt;
}

}  // namespace pogen::pipeline
