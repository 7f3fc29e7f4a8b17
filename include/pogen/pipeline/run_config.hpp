#pragma once
// The whole configuration of a pogen run: the endpoints (io::Config) and every stage's section.
// One pass over the file reports every problem of every section at once.
//
//   prompts:     where the prompts are and how to read them
//   generation:  the candidate-generation strategy and its models
//   run:         how many items are in flight
//
// docs/config.md describes every key.

#include <map>
#include <optional>
#include <string>

#include "pogen/io/config.hpp"
#include "pogen/io/prompt_format.hpp"
#include "pogen/pipeline/generation.hpp"

namespace pogen::pipeline {

struct PromptsConfig {
  std::string path;  // relative paths in the config are relative to the config file's folder
  io::PromptFormatOptions format;
  bool skip_invalid = false;
};

struct RunOptions {
  int max_items_in_flight = 64;
};

struct RunConfig {
  io::Config base;
  std::optional<PromptsConfig> prompts;
  std::optional<GenerationConfig> generation;
  RunOptions run;
  // Every template in use, by path (or builtin:name), with the SHA-256 of its text.
  std::map<std::string, std::string> template_hashes;
};

// Throws InputError with every problem (`file:line: field: message`).
RunConfig load_run_config(const std::string& path);
RunConfig parse_run_config(std::string_view text, const std::string& path);

// For --fake: every endpoint becomes the built-in fake.
void use_fake_endpoints(RunConfig& config);

}  // namespace pogen::pipeline
