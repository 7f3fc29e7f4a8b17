#pragma once
// The flags several subcommands share, each declared once: a command adds the groups it takes.

#include <string>
#include <string_view>

#include "run/session.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace pogen::cli {

// --config FILE, --fake and --fake-rate-limits. Returns --config, which the caller makes required
// (or not).
struct ConfigFlags {
  std::string config;
  bool fake = false;
  bool fake_rate_limits = false;  // --fake keeps the endpoints' rate limits (requests, tokens)
};
CLI::Option* add_config_flags(CLI::App& app, ConfigFlags& flags,
                              const std::string& config_help = "Config file (YAML or JSON)");

// --out DIR, --fresh, --quiet and --no-probe, for the commands that run in a run directory.
struct RunDirFlags {
  std::string out;
  bool fresh = false;
  bool quiet = false;
  bool no_probe = false;
};
void add_run_dir_flags(CLI::App& app, RunDirFlags& flags);

// Where a command with these flags runs (its outputs in <run dir>/<command>/).
SessionPlace session_place(const ConfigFlags& config, const RunDirFlags& run_dir,
                           std::string command);

// --prompts FILE and --skip-invalid.
struct PromptFlags {
  std::string prompts;
  bool skip_invalid = false;
};
void add_prompt_flags(CLI::App& app, PromptFlags& flags);

// --max-failure-rate R (default 0.05): exit 3 above it. `what` ends the help: "items failed".
void add_failure_rate_flag(CLI::App& app, double& rate, std::string_view what = "items failed");

// --skip-empty-answers, for the commands that measure judges (eval-judge, winrate): they judge a
// pair with an empty answer as given unless told to leave it out, as building a dataset does.
void add_skip_empty_answers_flag(CLI::App& app, bool& skip);

}  // namespace pogen::cli
