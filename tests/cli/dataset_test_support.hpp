#pragma once
// Shared by the build-dataset tests: a small config on the fake endpoint, prompt files, and
// reading what a run wrote.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace pogen::cli::testing {

// A feedback loop (generator, reviewer) judged by one judge in both orders; `extra` is appended
// (more sections, or keys of `run`).
inline std::string dataset_config(const std::string& fake_settings = "{}",
                                  const std::string& run_keys = "", const std::string& extra = "") {
  return "endpoints:\n"
         "  - {name: gen, base_url: fake, model: meta-llama/Llama-3.1-8B-Instruct, fake: " +
         fake_settings +
         "}\n"
         "  - {name: rev, base_url: fake, model: google/gemma-2-9b-it, fake: " +
         fake_settings +
         "}\n"
         "  - {name: judge, base_url: fake, model: gpt-4o, fake: " +
         fake_settings +
         "}\n"
         "prompts:\n  path: prompts.jsonl\n"
         "generation:\n  strategy: feedback-loop\n  generator: {endpoint: gen, seed: 1}\n"
         "  reviewers: [{endpoint: rev}]\n  iterations: 3\n"
         "judging:\n  judges: [{endpoint: judge, temperature: 0}]\n"
         "run:\n  max_items_in_flight: 4\n" +
         run_keys + extra;
}

inline std::string prompt_lines(int n) {
  static const char* const kTopics[] = {"tides",   "rainbows", "compilers", "bread", "volcanoes",
                                        "magnets", "vaccines", "bridges",   "owls",  "glaciers"};
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += R"({"id": "p)" + std::to_string(i) + R"(", "prompt": "Explain )" + kTopics[i % 10] +
           " to a beginner, part " + std::to_string(i) + R"(."})" + "\n";
  }
  return out;
}

// Every timing field (latency_ms, queue_ms, retry_ms) removed: the only part of records.jsonl
// that measures a run, so the only part in which two runs sending the same requests differ.
inline nlohmann::json without_latency(nlohmann::json j) {
  if (j.is_object()) {
    for (const char* key : {"latency_ms", "queue_ms", "retry_ms"}) j.erase(key);
    for (auto& [key, value] : j.items()) value = without_latency(value);
  } else if (j.is_array()) {
    for (auto& value : j) value = without_latency(value);
  }
  return j;
}

}  // namespace pogen::cli::testing
