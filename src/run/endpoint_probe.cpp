#include "run/endpoint_probe.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include <fmt/format.h>

#include "chat/failure.hpp"
#include "run/client_stack.hpp"
#include "run/run_loop.hpp"

namespace pogen::cli {
namespace {

constexpr std::size_t kModelsShown = 5;

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
  return fmt::format(
      "model \"{}\" is not listed (the server lists {}); set the endpoint's model to the name "
      "the server lists",
      model, names);
}

// A server that is up but busy or failing for now: the run can start and retry.
bool passing_trouble(llm::FailureKind kind) {
  using K = llm::FailureKind;
  return kind == K::rate_limited || kind == K::overloaded || kind == K::server_error;
}

// A completion that failed although the model is listed: only the key, an unknown model or a
// reply that is not a chat completion mean the run cannot work.
bool fatal_completion(llm::FailureKind kind) {
  using K = llm::FailureKind;
  return kind == K::auth || kind == K::not_found || kind == K::malformed_response;
}

llm::ChatRequest one_token_request() {
  llm::ChatRequest request;
  request.messages.push_back({llm::Role::user, "Reply with OK."});
  request.sampling.max_tokens = 1;
  request.sampling.temperature = 0.0;
  return request;
}

Task<void> probe(llm::Client& client, const llm::EndpointConfig& endpoint, ProbeResult& out) {
  auto listed = co_await client.list_models(endpoint.name);
  if (!listed) {
    out.detail = llm::describe_failure(listed.failure());
    out.fatal = !passing_trouble(listed.failure().kind);
    co_return;
  }
  const auto& models = listed.value();
  if (std::find(models.begin(), models.end(), endpoint.model) == models.end()) {
    out.detail = not_listed(endpoint.model, models);
    out.fatal = true;
    co_return;
  }
  const auto start = std::chrono::steady_clock::now();
  // Any parsed completion passes, a truncated one included: one token is all it may have.
  auto reply = co_await client.chat(endpoint.name, one_token_request());
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (!reply) {
    out.detail = "model listed, completion failed: " + llm::describe_failure(reply.failure());
    out.fatal = fatal_completion(reply.failure().kind);
    co_return;
  }
  out.ok = true;
  out.detail = fmt::format("model listed, completion in {} ms", elapsed.count());
}

void limit_for_probe(llm::EndpointConfig& endpoint, std::chrono::milliseconds timeout) {
  // A probe reports what it sees now: no backoff, no long wait on a silent server, and no
  // rate-limit bucket to wait on.
  endpoint.retry.max_retries = 0;
  endpoint.timeouts.total = std::min(endpoint.timeouts.total, timeout);
  endpoint.timeouts.connect = std::min(endpoint.timeouts.connect, timeout);
  endpoint.timeouts.low_speed = std::min(endpoint.timeouts.low_speed, timeout);
  endpoint.limits.requests_per_minute.reset();
  endpoint.limits.tokens_per_minute.reset();
}

}  // namespace

ProbeReport probe_endpoints(std::vector<llm::EndpointConfig> endpoints,
                            std::chrono::milliseconds timeout) {
  ProbeReport report;
  report.results.resize(endpoints.size());
  std::vector<llm::EndpointConfig> reachable;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    report.results[i].endpoint = endpoints[i].name;
    limit_for_probe(endpoints[i], timeout);
    if (auto why = missing_key(endpoints[i])) {
      report.results[i].detail = *why;
      report.results[i].fatal = true;
    } else {
      reachable.push_back(endpoints[i]);
    }
  }
  ClientStack stack(reachable);
  // Nothing here is worth waiting for once the user asked to stop.
  stack.loop().set_grace_period(Duration::zero());
  for (std::size_t i = 0, r = 0; i < endpoints.size(); ++i) {
    if (report.results[i].detail.empty()) {
      stack.loop().tasks().spawn(probe(stack.client(), reachable[r++], report.results[i]));
    }
  }
  run_until_done(stack.loop());
  report.stats = stack.client().stats();
  return report;
}

}  // namespace pogen::cli
