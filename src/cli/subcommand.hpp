#pragma once
// The subcommands, in one table (ninja's tool table): --help lists it, lookup walks it and an
// unknown name gets its "did you mean" from it. Adding a subcommand is one cmd_<name>.cpp
// defining its descriptor and one line in the table (subcommands.cpp).

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace pogen::cli {

struct Subcommand {
  const char* name;
  const char* summary;
  // Declares the subcommand's options on its CLI::App, bound to the command's own options.
  void (*setup)(CLI::App& app);
  // Runs the command once the command line is parsed; returns the exit code. Errors are thrown
  // (InputError, FatalError, ...) and mapped to exit codes by run_main.
  int (*run)();
};

std::span<const Subcommand* const> subcommands();
const Subcommand* find_subcommand(std::string_view name);

// The subcommand word on a command line (the first argument that is not a flag; the global flags
// take no values), if any.
std::optional<std::string> subcommand_word(int argc, const char* const* argv);
// `unknown command "chekc" (did you mean "check"?)`
std::string unknown_subcommand_message(std::string_view name);

}  // namespace pogen::cli
