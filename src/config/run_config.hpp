#pragma once
// The whole configuration of a pogen run: the endpoints (io::Config) and every stage's section.
// One pass over the file reports every problem of every section at once.
//
//   prompts:     where the prompts are and how to read them
//   generation:  the candidate-generation strategy and its models
//   judging:     how candidates are judged (strategy, judges, jury, debate, self-judging guard)
//   selection:   how judged candidates become DPO pairs and KTO labels
//   output:      which datasets are written, and in which TRL form
//   prices:      optional cost per million tokens, per endpoint (for max_cost and the manifest)
//   run:         how many items are in flight; request and cost caps
//
// docs/config.md describes every key.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "generate/generation.hpp"
#include "judge/judge_config.hpp"
#include "prompt_files/format.hpp"
#include "select/selection.hpp"
#include "select/trl_rows.hpp"

namespace pogen::pipeline {

struct PromptsConfig {
  std::string path;  // relative paths in the config are relative to the config file's folder
  io::PromptFormatOptions format;
  bool skip_invalid = false;
};

struct RunOptions {
  int max_items_in_flight = 64;
  std::optional<std::int64_t> max_requests;  // stop cleanly once this many requests were sent
  std::optional<double> max_cost;            // stop cleanly once the spend reaches this (prices)
  // Before the first item, every endpoint the command uses is probed (GET /models, a 1-token
  // completion); a probe that takes longer than this fails (--no-probe skips the probe).
  std::chrono::milliseconds probe_timeout{10'000};
  // An endpoint that fails every attempt with a connection error or a timeout for this long
  // stops the run (exit 1) rather than failing every item.
  std::chrono::milliseconds unreachable_timeout{60'000};
};

struct OutputConfig {
  RowFormat format = RowFormat::conversational;
  bool dpo = true;  // write dpo.jsonl
  bool kto = true;  // write kto.jsonl
};

// Dollars (or any currency) per million tokens.
struct Price {
  double input_per_million = 0;
  double output_per_million = 0;

  // What that many prompt and completion tokens cost.
  double cost(std::int64_t prompt_tokens, std::int64_t completion_tokens) const {
    return (static_cast<double>(prompt_tokens) * input_per_million +
            static_cast<double>(completion_tokens) * output_per_million) /
           1e6;
  }
};

struct RunConfig {
  io::Config base;
  std::optional<PromptsConfig> prompts;
  std::optional<GenerationConfig> generation;
  std::optional<JudgingConfig> judging;
  SelectionConfig selection;
  OutputConfig output;
  std::map<std::string, Price> prices;  // by endpoint name
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
