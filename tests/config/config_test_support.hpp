#pragma once
// Shared by the config tests: the problems a config text produces, one formatted line each.

#include <string>
#include <vector>

#include "config/config.hpp"

namespace pogen::io::testing {

inline std::vector<std::string> problems_in(const std::string& text,
                                            const std::string& path = "cfg.yaml") {
  try {
    parse_config(text, path);
  } catch (const InputError& e) {
    std::vector<std::string> lines;
    for (const auto& d : e.diagnostics()) lines.push_back(format_diagnostic(d));
    return lines;
  }
  return {};
}

using Lines = std::vector<std::string>;

}  // namespace pogen::io::testing
