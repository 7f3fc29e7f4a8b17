#include <fmt/format.h>

#include "cli/subcommand.hpp"
#include "core/version.hpp"

namespace pogen::cli {

namespace {

void setup(CLI::App&) {}

int run() {
  fmt::print("pogen {}\n", kVersion);
  return 0;
}

}  // namespace

extern const Subcommand kVersionCommand{"version", "Print the version", setup, run};

}  // namespace pogen::cli
