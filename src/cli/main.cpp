#include "cli/main.hpp"

#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/logging.hpp"
#include "cli/subcommand.hpp"
#include "core/diagnostics.hpp"
#include "core/exit_code.hpp"
#include "core/interrupted.hpp"
#include "core/version.hpp"
#include "run/run_loop.hpp"

namespace pogen::cli {

namespace {

struct GlobalFlags {
  bool verbose = false;
  bool quiet = false;
};

void add_global_flags(CLI::App& app, GlobalFlags& flags) {
  app.set_version_flag("--version", std::string("pogen ") + kVersion, "Print the version");
  auto* verbose = app.add_flag("-v,--verbose", flags.verbose, "Debug logs");
  app.add_flag("-q,--quiet", flags.quiet, "Warnings and errors only")->excludes(verbose);
}

// The only place errors end: each kind becomes its exit code and one way of saying it.
int run_and_map_errors(const std::function<int()>& run) {
  try {
    return run();
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", format_diagnostic(d));
    return kExitBadInput;
  } catch (const StoppedBySignal& e) {
    return e.signal_number() == SIGTERM ? kExitTerminated : kExitInterrupted;
  } catch (const Interrupted&) {
    return kExitInterrupted;
  } catch (const FatalError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitFatal;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return kExitFatal;
  }
}

// The runner of the subcommand on the command line, if any.
const std::function<int()>* parsed_runner(
    const CLI::App& app, const std::map<std::string, std::function<int()>>& runners) {
  for (const CLI::App* sub : app.get_subcommands()) {
    if (auto found = runners.find(sub->get_name()); found != runners.end()) return &found->second;
  }
  return nullptr;
}

}  // namespace

int run_main(int argc, char** argv) {
  CLI::App app("pogen: preference-optimization datasets (DPO/KTO) from several LLMs", "pogen");
  GlobalFlags flags;
  add_global_flags(app, flags);
  app.require_subcommand(1);
  std::map<std::string, std::function<int()>> runners;
  for (const Subcommand* command : subcommands()) {
    runners[command->name] = command->setup(*app.add_subcommand(command->name, command->summary));
  }

  // CLI11 would call an unknown command an unexpected argument; name it and suggest instead.
  if (auto word = subcommand_word(argc, argv); word && !find_subcommand(*word)) {
    fmt::print(stderr, "{}\n", unknown_subcommand_message(*word));
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitBadInput;
  }

  setup_logging(flags.verbose ? Verbosity::verbose
                : flags.quiet ? Verbosity::quiet
                              : Verbosity::normal);
  const auto* run = parsed_runner(app, runners);
  if (!run) return kExitBadInput;  // require_subcommand(1) makes this unreachable
  return run_and_map_errors(*run);
}

}  // namespace pogen::cli
