#include "cli/stage_flags.hpp"

#include <utility>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

namespace pogen::cli {

CLI::Option* add_config_flags(CLI::App& app, ConfigFlags& flags, const std::string& config_help) {
  auto* config = app.add_option("--config", flags.config, config_help);
  app.add_flag("--fake", flags.fake,
               "Replace every endpoint with the built-in fake endpoint (without the endpoints' "
               "rate limits)");
  app.add_flag("--fake-rate-limits", flags.fake_rate_limits,
               "With --fake, keep the endpoints' requests_per_minute and tokens_per_minute");
  return config;
}

void add_run_dir_flags(CLI::App& app, RunDirFlags& flags) {
  app.add_option("--out", flags.out, "Run directory (default: runs/<config name>)");
  app.add_flag("--fresh", flags.fresh,
               "Forget what this command wrote to the run directory before (outputs and cached "
               "responses) and start over");
  app.add_flag("--quiet", flags.quiet, "No progress line");
  app.add_flag("--no-probe", flags.no_probe,
               "Do not probe the endpoints before the first item (as pogen check does)");
}

SessionPlace session_place(const ConfigFlags& config, const RunDirFlags& run_dir,
                           std::string command) {
  SessionPlace place;
  place.command = std::move(command);
  place.out_flag = run_dir.out;
  place.config_path = config.config;
  place.fresh = run_dir.fresh;
  place.probe = !run_dir.no_probe;
  return place;
}

void add_prompt_flags(CLI::App& app, PromptFlags& flags) {
  app.add_option("--prompts", flags.prompts, "Prompt file (overrides the config's; - reads stdin)");
  app.add_flag("--skip-invalid", flags.skip_invalid,
               "Write invalid prompt records to rejects.jsonl and go on");
}

void add_failure_rate_flag(CLI::App& app, double& rate, std::string_view what) {
  app.add_option("--max-failure-rate", rate,
                 fmt::format("Exit 3 when more than this share of {} (default 0.05)", what))
      ->check(CLI::Range(0.0, 1.0));
}

void add_skip_empty_answers_flag(CLI::App& app, bool& skip) {
  app.add_flag("--skip-empty-answers", skip,
               "Do not judge a pair with an empty answer (count it as a judge failure), as "
               "build-dataset does; by default an empty answer is shown to the judges as empty");
}

}  // namespace pogen::cli
