// SIGINT/SIGTERM behaviour through the Client: queued requests are abandoned, requests in flight
// get the grace period, then are abandoned too.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "client_fixture.hpp"
#include "core/interrupted.hpp"

using namespace std::chrono_literals;
using namespace pogen::testing;
using pogen::name_of;
using pogen::parse_enum;
using pogen::Task;
using pogen::http::EventLoop;
using pogen::llm::Client;

namespace {

Task<void> chat_into(Client& client, std::string& result) {
  try {
    auto outcome = co_await client.chat("test", hello());
    result = outcome.ok() ? "ok" : name_of(outcome.failure().kind);
  } catch (const pogen::Interrupted&) {
    result = "interrupted";
  }
}

Task<void> stop_after(EventLoop& loop, pogen::Duration delay) {
  co_await loop.sleep_for(delay);
  loop.request_stop(SIGINT);
}

}  // namespace

TEST_CASE("at a stop, queued requests are interrupted and in-flight ones finish", "[client]") {
  ScriptedResponse slow = chat_ok("made it");
  slow.delay = 300ms;
  ScriptedServer server({slow});
  server.set_fallback(chat_ok());
  EventLoop loop;
  loop.set_grace_period(5s);
  auto config = endpoint_for(server);
  config.limits.max_in_flight = 1;
  Client client(loop, {config});
  std::vector<std::string> results(3);
  for (auto& result : results) loop.tasks().spawn(chat_into(client, result));
  loop.tasks().spawn(stop_after(loop, 50ms));
  loop.run();
  CHECK(results == std::vector<std::string>{"ok", "interrupted", "interrupted"});
  CHECK(server.request_count() == 1);
  CHECK(client.stats().at(0).in_flight == 0);
}

TEST_CASE("at a stop, requests still in flight after the grace period are abandoned", "[client]") {
  ScriptedResponse stuck = chat_ok();
  stuck.delay = 5s;
  ScriptedServer server({stuck});
  EventLoop loop;
  loop.set_grace_period(100ms);
  Client client(loop, {endpoint_for(server)});
  std::string result;
  loop.tasks().spawn(chat_into(client, result));
  loop.tasks().spawn(stop_after(loop, 50ms));
  const auto start = std::chrono::steady_clock::now();
  loop.run();
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(result == "interrupted");
  CHECK(took >= 150ms);
  CHECK(took < 2s);
}

TEST_CASE("at a stop, a request waiting to retry is abandoned at once", "[client]") {
  ScriptedServer server({with_header(openai_error(429, "requests", "later"), "Retry-After", "60")});
  EventLoop loop;
  Client client(loop, {endpoint_for(server)});
  std::string result;
  loop.tasks().spawn(chat_into(client, result));
  loop.tasks().spawn(stop_after(loop, 100ms));
  const auto start = std::chrono::steady_clock::now();
  loop.run();
  CHECK(result == "interrupted");
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  CHECK(server.request_count() == 1);
}
