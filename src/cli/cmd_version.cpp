#include <fmt/format.h>

#include "cli/subcommand.hpp"
#include "core/version.hpp"

namespace pogen::cli {

namespace {

std::function<int()> setup(CLI::App&) {
  return [] {
    fmt::print("pogen {}\n", kVersion);
    return 0;
  };
}

}  // namespace

extern const Subcommand kVersionCommand{"version", "Print the version", setup};

}  // namespace pogen::cli
