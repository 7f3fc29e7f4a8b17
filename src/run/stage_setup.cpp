#include "run/stage_setup.hpp"

#include <spdlog/spdlog.h>

#include "core/diagnostics.hpp"
#include "core/exit_code.hpp"

namespace pogen::cli {

pipeline::RunConfig load_stage_config(const std::string& path, bool fake, bool keep_rate_limits) {
  auto config = pipeline::load_run_config(path);
  if (!fake) return config;
  pipeline::use_fake_endpoints(config);
  if (!keep_rate_limits) {
    for (auto& endpoint : config.base.endpoints) {
      endpoint.limits.requests_per_minute.reset();
      endpoint.limits.tokens_per_minute.reset();
    }
  }
  return config;
}

void missing_section(const std::string& config_path, const std::string& section,
                     const std::string& command) {
  throw InputError(Diagnostic{config_path, 0, section, "missing (pogen " + command + " needs it)"});
}

PromptSource prompt_source(const pipeline::RunConfig& config, const std::string& config_path,
                           const std::string& prompts_flag, bool skip_invalid_flag,
                           const std::string& command) {
  PromptSource source{prompts_flag, {}, skip_invalid_flag};
  if (config.prompts) {
    source.format = config.prompts->format;
    source.skip_invalid = source.skip_invalid || config.prompts->skip_invalid;
  }
  if (source.path.empty()) {
    if (!config.prompts) missing_section(config_path, "prompts", command + " (or give --prompts)");
    source.path = config.prompts->path;
  }
  return source;
}

nlohmann::json rejected_prompt_json(const io::PromptRejected& r) {
  return {{"source", r.source},
          {"line", r.line},
          {"field", r.field},
          {"reason", r.reason},
          {"raw", r.raw}};
}

namespace {
double failure_rate(std::size_t failed, std::size_t total) {
  return total ? static_cast<double>(failed) / static_cast<double>(total) : 0;
}
}  // namespace

bool above_failure_rate(std::size_t failed, std::size_t total, double max_rate) {
  return failure_rate(failed, total) > max_rate;
}

int failure_exit_code(std::size_t failed, std::size_t total, double max_rate, std::string_view what,
                      std::string_view hint) {
  if (!above_failure_rate(failed, total, max_rate)) return kExitOk;
  const double rate = failure_rate(failed, total);
  spdlog::error("{:.1f}% of items {}, above --max-failure-rate {:.1f}%{}", rate * 100, what,
                max_rate * 100, hint);
  return kExitTooManyFailures;
}

}  // namespace pogen::cli
