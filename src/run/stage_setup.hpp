#pragma once
// What every pipeline command (generate, judge, build-dataset) does before its first request:
// load and check the config, apply --fake, find the prompts.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "config/run_config.hpp"
#include "prompt_files/format.hpp"
#include "prompt_files/item.hpp"

namespace pogen::cli {

// Loads the run config; with `fake`, every endpoint becomes the built-in fake, without its
// requests_per_minute and tokens_per_minute unless `keep_rate_limits` (a smoke run of a real
// config takes seconds, not the minutes its limits would impose on a server that has none).
pipeline::RunConfig load_stage_config(const std::string& path, bool fake,
                                      bool keep_rate_limits = false);

// An InputError for a config that lacks a section a command needs:
// `<config>: <section>: missing (pogen <command> needs it)`.
[[noreturn]] void missing_section(const std::string& config_path, const std::string& section,
                                  const std::string& command);

// Where a command reads its prompts: --prompts, else the config's prompts.path; the config's
// format; --skip-invalid or prompts.skip_invalid. InputError (a missing section, naming
// `command`) when neither gives a file.
struct PromptSource {
  std::string path;
  io::PromptFormatOptions format;
  bool skip_invalid = false;
};
PromptSource prompt_source(const pipeline::RunConfig& config, const std::string& config_path,
                           const std::string& prompts_flag, bool skip_invalid_flag,
                           const std::string& command);

// The rejects.jsonl line of a prompt record that is not a valid prompt.
nlohmann::json rejected_prompt_json(const io::PromptRejected& rejected);

// True when failed / total is above max_rate (never for total 0).
bool above_failure_rate(std::size_t failed, std::size_t total, double max_rate);
// kExitTooManyFailures, with an error `<rate>% of items <what>, above --max-failure-rate
// <max>%<hint>`, when failed / total is above max_rate; kExitOk otherwise.
int failure_exit_code(std::size_t failed, std::size_t total, double max_rate, std::string_view what,
                      std::string_view hint = "");

}  // namespace pogen::cli
