// What a response's timings measure: latency_ms is the answering exchange alone; the time spent
// waiting in pogen's own gate (queue_ms) and on failed attempts and backoff (retry_ms) is kept
// apart. On the real clock against a scripted server with a fixed delay, so the assertions are
// structural (well below / at least a multiple of the delay), never tight wall-clock figures.
#include <catch2/catch.hpp>
#include <chrono>
#include <vector>

#include "client_fixture.hpp"
#include "llm/client_chat_service.hpp"

using namespace std::chrono_literals;
using namespace pogen::testing;
using pogen::Task;
using pogen::http::EventLoop;
using pogen::llm::ChatResponse;
using pogen::llm::Client;
using pogen::llm::ClientChatService;
using pogen::llm::Outcome;

namespace {

constexpr double kDelayMs = 100;  // what the server takes before each body
constexpr int kRequests = 5;

ScriptedResponse slow_ok() {
  ScriptedResponse response = chat_ok("slow");
  response.delay = std::chrono::milliseconds(static_cast<int>(kDelayMs));
  return response;
}

// A request and its context are built before the co_await (g++ 12, docs/architecture.md).
Task<void> ask(ClientChatService& chat, Outcome<ChatResponse>& out) {
  const std::string endpoint = "test";
  pogen::llm::ChatRequest request = hello();
  pogen::llm::CallContext context;
  out = co_await chat.chat(endpoint, std::move(request), std::move(context));
}

}  // namespace

TEST_CASE("latency_ms is the exchange alone: time queued behind max_in_flight is queue_ms",
          "[client][timing]") {
  ScriptedServer server;
  server.set_fallback(slow_ok());
  EventLoop loop;
  auto config = endpoint_for(server);
  config.limits.max_in_flight = 1;
  Client client(loop, {config}, {256, kJitterSeed});
  ClientChatService chat(client);

  std::vector<Outcome<ChatResponse>> outcomes(kRequests, pogen::llm::Failure{});
  for (auto& out : outcomes) loop.tasks().spawn(ask(chat, out));
  loop.run();

  double queued = 0;
  double longest_queue = 0;
  for (const auto& out : outcomes) {
    REQUIRE(out.ok());
    const ChatResponse& response = out.value();
    INFO("latency_ms " << response.latency_ms << ", queue_ms " << response.queue_ms);
    // Each exchange takes the server's delay; the margin is a whole delay more.
    CHECK(response.latency_ms >= kDelayMs * 0.9);
    CHECK(response.latency_ms < 2 * kDelayMs);
    CHECK(response.retry_ms == 0);
    queued += response.queue_ms;
    longest_queue = std::max(longest_queue, response.queue_ms);
  }
  // One at a time: the k-th admitted request waited for the k exchanges before it.
  CHECK(longest_queue >= (kRequests - 1) * kDelayMs * 0.8);
  CHECK(queued >= kRequests * (kRequests - 1) / 2 * kDelayMs * 0.8);
}

TEST_CASE("latency_ms is the answering attempt: a failed attempt and its backoff are retry_ms",
          "[client][timing]") {
  constexpr int kBackoffMs = 300;  // asked for by the server, so the wait is exact
  ScriptedServer server({with_header(openai_error(500, "server_error", "internal"),
                                     "retry-after-ms", std::to_string(kBackoffMs)),
                         chat_ok("after the retry")});
  EventLoop loop;
  Client client(loop, {endpoint_for(server)}, {256, kJitterSeed});
  ClientChatService chat(client);

  auto outcome = run_on(loop, chat.chat("test", hello(), {}));

  REQUIRE(outcome.ok());
  const ChatResponse& response = outcome.value();
  INFO("latency_ms " << response.latency_ms << ", retry_ms " << response.retry_ms);
  CHECK(response.latency_ms < kBackoffMs / 2.0);
  CHECK(response.retry_ms >= kBackoffMs);
  CHECK(response.queue_ms < kBackoffMs / 2.0);
}

TEST_CASE("on virtual time retry_ms is exactly the failed attempts and the wait asked for",
          "[client][timing]") {
  ScriptedServer server(
      {with_header(openai_error(429, "requests", "Rate limit reached"), "Retry-After", "7"),
       with_header(openai_error(503, "server_error", "overloaded"), "Retry-After", "2"),
       chat_ok("after two waits")});
  pogen::ManualClock clock;
  EventLoop loop(clock);
  Client client(loop, {endpoint_for(server)}, {256, kJitterSeed});

  auto outcome = run_on(loop, client.chat("test", hello()));

  REQUIRE(outcome.ok());
  // The manual clock moves only for timers: the exchanges take no time, the waits all of it.
  CHECK(outcome.value().retry_ms == 9000);
  CHECK(outcome.value().latency_ms == 0);
  CHECK(outcome.value().queue_ms == 0);
}
