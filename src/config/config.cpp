#include "config/config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <yaml-cpp/depthguard.h>

#include "config/reader.hpp"
#include "config/sections.hpp"
#include "core/hashes.hpp"

namespace pogen::io {

namespace {

struct FileCloser {
  int fd;
  ~FileCloser() { ::close(fd); }
};

using SectionReader = void (*)(MapReader& root, Config& config);

// Sections are read in this order; each records the top-level keys it knows.
constexpr SectionReader kSections[] = {
    read_endpoints_section,
    read_client_section,
};

[[noreturn]] void throw_syntax_error(const YAML::Exception& e, const std::string& message,
                                     const std::string& path) {
  const std::size_t line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0;
  throw InputError(Diagnostic{
      path, line, "",
      "YAML syntax error: " + message + " (column " + std::to_string(e.mark.column + 1) + ")"});
}

YAML::Node parse_yaml(std::string_view text, const std::string& path) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard against a stack overflow; its message is only "bad file".
    throw_syntax_error(e, "nested too deeply (the parser stops at about 500 levels)", path);
  } catch (const YAML::Exception& e) {
    throw_syntax_error(e, e.msg, path);
  }
}

}  // namespace

std::string read_config_file(const std::string& path) {
  auto fail = [&](std::string message) { throw InputError(Diagnostic{path, 0, "", message}); };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(std::string("cannot read: ") + std::strerror(errno));
  const FileCloser closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) fail("is a directory, not a config file");
  // One byte past the limit tells "over" from "exactly at it", and a device that never ends
  // (/dev/zero) is not read forever.
  std::string bytes(kMaxConfigBytes + 1, '\0');
  std::size_t size = 0;
  while (size < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + size, bytes.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(std::string("cannot read: ") + std::strerror(errno));
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  if (size > kMaxConfigBytes)
    fail("is over 1 MiB, the limit for a config file (is this the right file?)");
  bytes.resize(size);
  return bytes;
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
