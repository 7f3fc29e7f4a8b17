#pragma once
// The subcommands, in one table (ninja's tool table): --help lists it, lookup walks it and an
// unknown name gets its "did you mean" from it. Adding a subcommand is one cmd_<name>.cpp
// defining its descriptor and one line in the table (subcommands.cpp).

#include <functional>
#include <memory>
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
  // Declares the subcommand's flags on its CLI::App, bound to options that the returned
  // function owns (no static state). That function runs the command once the command line is
  // parsed and returns the exit code. Errors are thrown (InputError, FatalError, ...) and mapped
  // to exit codes by run_main.
  std::function<int()> (*setup)(CLI::App& app);
};

// The usual setup: options of type Options, bound by add_flags, run by run.
template <typename Options, void (*add_flags)(CLI::App&, Options&), int (*run)(const Options&)>
std::function<int()> bind_options(CLI::App& app) {
  auto options = std::make_shared<Options>();
  add_flags(app, *options);
  return [options] { return run(*options); };
}

std::span<const Subcommand* const> subcommands();
const Subcommand* find_subcommand(std::string_view name);

// The subcommand word on a command line (the first argument that is not a flag; the global flags
// take no values), if any.
std::optional<std::string> subcommand_word(int argc, const char* const* argv);
// `unknown command "chekc" (did you mean "check"?)`
std::string unknown_subcommand_message(std::string_view name);

}  // namespace pogen::cli
