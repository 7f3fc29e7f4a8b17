#pragma once
// Shared set-up of the llm::Client tests: an endpoint pointing at a ScriptedServer, a request,
// and a way to run one coroutine on the loop and get its result.

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "core/task.hpp"
#include "http/event_loop.hpp"
#include "http/retry_policy.hpp"
#include "llm/client.hpp"
#include "support/scripted_server.hpp"

namespace pogen::testing {

inline llm::EndpointConfig endpoint_for(const std::vector<std::string>& base_urls,
                                        std::string name = "test") {
  llm::EndpointConfig config;
  config.name = std::move(name);
  config.base_urls = base_urls;
  config.model = "scripted-model";
  config.limits.max_in_flight = 8;
  config.timeouts.connect = std::chrono::seconds(2);
  config.timeouts.total = std::chrono::seconds(5);
  config.timeouts.low_speed = std::chrono::seconds(5);
  return config;
}

inline llm::EndpointConfig endpoint_for(const ScriptedServer& server, std::string name = "test") {
  return endpoint_for(std::vector<std::string>{server.base_url()}, std::move(name));
}

inline llm::ChatRequest hello() {
  llm::ChatRequest request;
  request.messages.push_back({llm::Role::user, "Say hello."});
  return request;
}

// Spawns the task on the loop, runs the loop, returns what the task returned.
template <typename T>
T run_on(http::EventLoop& loop, Task<T> task) {
  std::optional<T> result;
  loop.tasks().spawn([](Task<T> inner, std::optional<T>& out) -> Task<void> {
    out.emplace(co_await std::move(inner));
  }(std::move(task), result));
  loop.run();
  return std::move(*result);
}

inline constexpr std::uint64_t kJitterSeed = 1234;

// The delays a client seeded with kJitterSeed waits before retries 0..count-1.
inline Duration jitter_total(const llm::RetrySettings& retry, int count) {
  http::Jitter jitter(kJitterSeed);
  http::RetryPolicy policy{retry.base, retry.cap, retry.max_retries};
  Duration total{};
  for (int k = 0; k < count; ++k) total += http::full_jitter_delay(policy, k, jitter.next());
  return total;
}

}  // namespace pogen::testing
