#pragma once
// The run configuration: which endpoints exist and how hard to push them. Loading validates the
// whole file before anything runs and reports every problem at once (see config_reader.hpp);
// docs/config.md describes every key.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "llm/client.hpp"
#include "llm/endpoint.hpp"

namespace pogen::io {

class MapReader;

struct Config {
  std::string path;
  std::string sha256;  // of the file's bytes, lower-case hex: identifies the config in manifests
  std::vector<llm::EndpointConfig> endpoints;
  llm::ClientOptions client;
};

// Reads and validates a YAML (or JSON) config. Throws InputError carrying every problem, each as
// `file:line: field: message`; an unreadable file is `<path>: cannot read: <strerror>`.
Config load_config(const std::string& path);
// The same from text already in memory; `path` is only used in messages and Config::path.
Config parse_config(std::string_view text, const std::string& path);

// The most a config file may hold. The largest real config is a few KB (configs/ holds the
// examples); a megabyte is hundreds of times that, parses in milliseconds, and still refuses a
// dataset or a device (/dev/zero) passed as --config by mistake before it is read to the end.
inline constexpr std::size_t kMaxConfigBytes = std::size_t{1} << 20;

// The file's bytes; throws InputError `<path>: cannot read: <strerror>` when unreadable,
// `<path>: is a directory, not a config file`, or `<path>: is over 1 MiB, ...` past
// kMaxConfigBytes.
std::string read_config_file(const std::string& path);

// A section that a later stage adds to the same file (prompts, generation, ...), read over the
// top-level mapping like the endpoint sections (see config_sections.hpp).
using ExtraSection = std::function<void(MapReader& root)>;
// Reads the endpoint sections into `config`, then `extra` in order, then reports the top-level
// keys nobody asked for. Throws one InputError with the problems of every section, in file order.
void parse_config_into(std::string_view text, const std::string& path, Config& config,
                       const std::vector<ExtraSection>& extra);

// For --fake: every endpoint is served by the built-in fake, keeping its name and model; no key.
void replace_with_fake(Config& config);

// Nullptr when no endpoint has that name.
const llm::EndpointConfig* find_endpoint(const Config& config, std::string_view name);

}  // namespace pogen::io
