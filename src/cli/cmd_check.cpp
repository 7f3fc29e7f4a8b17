// pogen check: before a long run, probe every endpoint at once and say which ones are not ready
// and why: unreachable, the model not served there, completions failing, a missing API key.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "chat/failure.hpp"
#include "cli/stage_flags.hpp"
#include "cli/subcommand.hpp"
#include "config/config.hpp"
#include "config/run_config.hpp"
#include "fake/endpoint.hpp"
#include "llm/client.hpp"
#include "run/client_stack.hpp"
#include "run/run_loop.hpp"

namespace pogen::cli {

namespace {

constexpr std::size_t kModelsShown = 5;
// A probe reports what it sees now: no backoff, and no ten-minute wait on a silent server.
constexpr int kProbeRetries = 0;
constexpr std::chrono::seconds kProbeTotalTimeout{60};

void add_flags(CLI::App& app, ConfigFlags& o) { add_config_flags(app, o)->required(); }

struct Probe {
  bool ok = false;
  std::string detail;
};

std::optional<std::string> missing_key(const llm::EndpointConfig& endpoint) {
  if (endpoint.api_key_env.empty()) return std::nullopt;
  const char* key = std::getenv(endpoint.api_key_env.c_str());
  if (key != nullptr && *key != '\0') return std::nullopt;
  return fmt::format("environment variable {} (api_key_env) is not set or is empty",
                     endpoint.api_key_env);
}

std::string not_listed(const std::string& model, const std::vector<std::string>& listed) {
  if (listed.empty())
    return fmt::format("model \"{}\" is not listed (the server lists none)", model);
  const std::size_t shown = std::min(listed.size(), kModelsShown);
  std::string names = fmt::format("{}", fmt::join(listed.begin(), listed.begin() + shown, ", "));
  if (listed.size() > shown) names += fmt::format(" and {} more", listed.size() - shown);
  return fmt::format("model \"{}\" is not listed (the server lists {})", model, names);
}

llm::ChatRequest one_token_request() {
  llm::ChatRequest request;
  request.messages.push_back({llm::Role::user, "Reply with OK."});
  request.sampling.max_tokens = 1;
  request.sampling.temperature = 0.0;
  return request;
}

Task<void> probe(llm::Client& client, const llm::EndpointConfig& endpoint, Probe& out) {
  auto listed = co_await client.list_models(endpoint.name);
  if (!listed) {
    out.detail = describe_failure(listed.failure());
    co_return;
  }
  const auto& models = listed.value();
  if (std::find(models.begin(), models.end(), endpoint.model) == models.end()) {
    out.detail = not_listed(endpoint.model, models);
    co_return;
  }
  const auto start = std::chrono::steady_clock::now();
  // Any parsed completion passes, a truncated one included: one token is all it may have.
  auto reply = co_await client.chat(endpoint.name, one_token_request());
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (!reply) {
    out.detail = "model listed, completion failed: " + describe_failure(reply.failure());
    co_return;
  }
  out.ok = true;
  out.detail = fmt::format("model listed, completion in {} ms", elapsed.count());
}

std::vector<llm::EndpointConfig> endpoints_to_check(const ConfigFlags& o) {
  // A whole run config is accepted: its stage sections are checked too, then left unused.
  io::Config config = pipeline::load_run_config(o.config).base;
  if (o.fake) io::replace_with_fake(config);
  for (auto& endpoint : config.endpoints) {
    endpoint.retry.max_retries = kProbeRetries;
    endpoint.timeouts.total =
        std::min<std::chrono::milliseconds>(endpoint.timeouts.total, kProbeTotalTimeout);
  }
  return config.endpoints;
}

// Probes every endpoint whose key is at hand, all at once; the others fail without a request.
std::vector<Probe> probe_all(std::vector<llm::EndpointConfig> endpoints) {
  std::vector<Probe> probes(endpoints.size());
  std::vector<llm::EndpointConfig> reachable;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    if (auto why = missing_key(endpoints[i])) {
      probes[i].detail = *why;
    } else {
      reachable.push_back(endpoints[i]);
    }
  }
  ClientStack stack(reachable);
  // Nothing here is worth waiting for once the user asked to stop.
  stack.loop().set_grace_period(Duration::zero());
  for (std::size_t i = 0, r = 0; i < endpoints.size(); ++i) {
    if (probes[i].detail.empty()) {
      stack.loop().tasks().spawn(probe(stack.client(), reachable[r++], probes[i]));
    }
  }
  run_until_done(stack.loop());
  return probes;
}

int run(const ConfigFlags& o) {
  const std::vector<llm::EndpointConfig> endpoints = endpoints_to_check(o);
  const std::vector<Probe> probes = probe_all(endpoints);

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
