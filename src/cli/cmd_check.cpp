// pogen check: before a long run, probe every endpoint at once and say which ones are not ready
// and why: unreachable, the model not served there, completions failing, a missing API key.

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "chat/failure.hpp"
#include "cli/stage_flags.hpp"
#include "cli/subcommand.hpp"
#include "config/config.hpp"
#include "config/run_config.hpp"
#include "run/endpoint_probe.hpp"
#include "run/self_judge_guard.hpp"

namespace pogen::cli {

namespace {

// Longer than the pipeline commands' probe: here the user asked for the answer.
constexpr std::chrono::seconds kProbeTimeout{60};

void add_flags(CLI::App& app, ConfigFlags& o) { add_config_flags(app, o)->required(); }

std::vector<llm::EndpointConfig> endpoints_to_check(const ConfigFlags& o) {
  // A whole run config is accepted: its stage sections are checked too, then left unused but
  // for the warnings a run would give about them (jurors sharing a family).
  const pipeline::RunConfig run_config = pipeline::load_run_config(o.config);
  warn_shared_jury_families(run_config);
  io::Config config = run_config.base;
  if (o.fake) io::replace_with_fake(config);
  return config.endpoints;
}

int run(const ConfigFlags& o) {
  const std::vector<llm::EndpointConfig> endpoints = endpoints_to_check(o);
  const std::vector<ProbeResult> probes = probe_endpoints(endpoints, kProbeTimeout).results;

  std::size_t width = 0;
  for (const auto& endpoint : endpoints) width = std::max(width, endpoint.name.size());
  std::vector<std::string> failed;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    fmt::print("{:<4} {:<{}}  {}\n", probes[i].ok ? "ok" : "FAIL", endpoints[i].name, width,
               probes[i].detail);
    if (!probes[i].ok) failed.push_back(endpoints[i].name);
  }
  std::fflush(stdout);
  if (failed.empty()) return 0;
  throw FatalError(fmt::format("{} of {} endpoints failed the check: {}", failed.size(),
                               endpoints.size(), fmt::join(failed, ", ")));
}

}  // namespace

extern const Subcommand kCheckCommand{
    "check", "Probe every endpoint of a config: reachable, model listed, completions work",
    bind_options<ConfigFlags, add_flags, run>};

}  // namespace pogen::cli
