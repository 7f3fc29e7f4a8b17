#pragma once
// Readers of the stage sections of a run config (see run_config.hpp), one per section, and the
// helpers they share.

#include <set>
#include <string>
#include <string_view>

#include "config/reader.hpp"
#include "config/run_config.hpp"
#include "core/enum_names.hpp"

namespace pogen::pipeline {

void read_generation_section(io::MapReader& root, RunConfig& config);
void read_judging_section(io::MapReader& root, RunConfig& config);
void read_selection_section(io::MapReader& root, RunConfig& config);
void read_output_section(io::MapReader& root, RunConfig& config);
void read_prices_section(io::MapReader& root, RunConfig& config);

// temperature, top_p, max_tokens, seed and stop of a model entry.
void read_sampling(io::MapReader& reader, llm::SamplingParams& sampling);

// A path written in the config, relative to the config file's folder unless absolute.
std::string resolve_config_path(const std::string& config_path, const std::string& value);

// The template under `key`: `builtin:<name>` (default_builtin when the key is absent) or a file.
// Problems become diagnostics at the key's line; its hash is recorded in config.template_hashes.
std::optional<PromptTemplate> read_template(io::MapReader& reader, std::string_view key,
                                            const std::string& default_builtin,
                                            const std::set<std::string>& allowed,
                                            RunConfig& config);

// A built-in template (prompts/<name>), recorded in config.template_hashes. The built-ins are
// checked by the tests, so a problem here is a programming error (std::logic_error).
PromptTemplate builtin_template(const std::string& name, const std::set<std::string>& allowed,
                                RunConfig& config);

// Reports `field: unknown endpoint "x" (did you mean "y"?)` and returns false when the config
// has no endpoint of that name.
bool check_endpoint_name(io::MapReader& reader, const io::Value& value, const std::string& name,
                         const RunConfig& config);

// A named choice: reports `unknown <what> "x" (expected a, b or c)`, with a "did you mean" when
// one is close, and returns nullopt.
template <typename Enum>
std::optional<Enum> read_choice(io::MapReader& reader, std::string_view key, std::string_view what,
                                io::Presence presence = io::Presence::optional) {
  auto name = reader.string(key, presence);
  if (!name) return std::nullopt;
  auto value = parse_enum<Enum>(*name);
  if (!value) reader.report(key, unknown_enum_message<Enum>(what, *name));
  return value;
}

}  // namespace pogen::pipeline
