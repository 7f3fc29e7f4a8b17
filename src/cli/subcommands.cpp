#include <string>
#include <vector>

#include "cli/subcommand.hpp"
#include "core/suggest.hpp"

namespace pogen::cli {

extern const Subcommand kAgreementCommand;
extern const Subcommand kEvalJudgeCommand;
extern const Subcommand kWinrateCommand;
extern const Subcommand kVersionCommand;
extern const Subcommand kBuildDatasetCommand;
extern const Subcommand kChatCommand;
extern const Subcommand kCheckCommand;
extern const Subcommand kGenerateCommand;
extern const Subcommand kJudgeCommand;

namespace {

// In the order --help lists them.
constexpr const Subcommand* kSubcommands[] = {
    // clang-format off
    &kAgreementCommand,
    &kBuildDatasetCommand,
    &kChatCommand,
    &kCheckCommand,
    &kEvalJudgeCommand,
    &kGenerateCommand,
    &kJudgeCommand,
    &kVersionCommand,
    &kWinrateCommand,
    // clang-format on
};

}  // namespace

std::span<const Subcommand* const> subcommands() { return kSubcommands; }

const Subcommand* find_subcommand(std::string_view name) {
  for (const Subcommand* command : kSubcommands) {
    if (name == command->name) return command;
  }
  return nullptr;
}

std::optional<std::string> subcommand_word(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return std::nullopt;
    if (!arg.empty() && arg[0] != '-') return std::string(arg);
  }
  return std::nullopt;
}

std::string unknown_subcommand_message(std::string_view name) {
  std::vector<std::string> names;
  for (const Subcommand* command : kSubcommands) names.emplace_back(command->name);
  std::string suggestion = io::did_you_mean(name, names);
  if (suggestion.empty()) suggestion = " (see \"pogen --help\" for the commands)";
  return "unknown command \"" + std::string(name) + "\"" + suggestion;
}

}  // namespace pogen::cli
