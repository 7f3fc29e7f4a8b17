#include "pogen/cli/stage_setup.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "pogen/core/diagnostics.hpp"

namespace pogen::cli {

pipeline::RunConfig load_stage_config(const std::string& path, bool fake) {
  auto config = pipeline::load_run_config(path);
  if (fake) pipeline::use_fake_endpoints(config);
  return config;
}

std::string prepare_run_dir(const std::string& out_flag, const std::string& config_path) {
  namespace fs = std::filesystem;
  fs::path dir =
      out_flag.empty() ? fs::path("runs") / fs::path(config_path).stem() : fs::path(out_flag);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    throw FatalError("cannot create the run directory " + dir.string() + ": " + error.message());
  }
  return dir.string();
}

void missing_section(const std::string& config_path, const std::string& section,
                     const std::string& command) {
  throw InputError(Diagnostic{config_path, 0, section, "missing (pogen " + command + " needs it)"});
}

}  // namespace pogen::cli
