#include "config/config.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/reader.hpp"
#include "config/sections.hpp"
#include "core/hashes.hpp"

namespace pogen::io {

namespace {

using SectionReader = void (*)(MapReader& root, Config& config);

// Sections are read in this order; each records the top-level keys it knows.
constexpr SectionReader kSections[] = {
    read_endpoints_section,
    read_client_section,
};

YAML::Node parse_yaml(std::string_view text, const std::string& path) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    const std::size_t line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0;
    throw InputError(Diagnostic{
        path, line, "",
        "YAML syntax error: " + e.msg + " (column " + std::to_string(e.mark.column + 1) + ")"});
  }
}

}  // namespace

std::string read_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (in) bytes << in.rdbuf();
  if (!in || in.bad()) {
    throw InputError(Diagnostic{path, 0, "", std::string("cannot read: ") + std::strerror(errno)});
  }
  return bytes.str();
}

void parse_config_into(std::string_view text, const std::string& path, Config& config,
                       const std::vector<ExtraSection>& extra) {
  const YAML::Node root = parse_yaml(text, path);
  config.path = path;
  config.sha256 = sha256_hex(text);
  ReadContext context{path, {}};
  read_document(context, root, [&](MapReader& reader) {
    for (SectionReader read : kSections) read(reader, config);
    for (const auto& read : extra) read(reader);
  });
  // Reported in file order, whichever section found them.
  auto problems = context.diagnostics.items();
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  if (!problems.empty()) throw InputError(std::move(problems));
}

Config parse_config(std::string_view text, const std::string& path) {
  Config config;
  parse_config_into(text, path, config, {});
  return config;
}

Config load_config(const std::string& path) { return parse_config(read_config_file(path), path); }

void replace_with_fake(Config& config) {
  for (auto& endpoint : config.endpoints) {
    endpoint.base_urls = {"fake"};
    endpoint.api_key_env.clear();
  }
}

const llm::EndpointConfig* find_endpoint(const Config& config, std::string_view name) {
  auto it = std::find_if(config.endpoints.begin(), config.endpoints.end(),
                         [&](const llm::EndpointConfig& e) { return e.name == name; });
  return it == config.endpoints.end() ? nullptr : &*it;
}

}  // namespace pogen::io
