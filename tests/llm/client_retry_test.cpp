// The Client's retries against the scripted server, on virtual time: waits of minutes pass
// instantly and the time waited is asserted exactly.
#include <catch2/catch.hpp>
#include <chrono>

#include "client_fixture.hpp"

using namespace std::chrono_literals;
using namespace pogen::testing;
using pogen::Duration;
using pogen::ManualClock;
using pogen::http::EventLoop;
using pogen::llm::Client;
using pogen::llm::FailureKind;

TEST_CASE("a 429 with Retry-After waits what the server asked, then succeeds", "[client]") {
  ScriptedServer server(
      {with_header(openai_error(429, "requests", "Rate limit reached"), "Retry-After", "7"),
       chat_ok("after the wait")});
  ManualClock clock;
  EventLoop loop(clock);
  Client client(loop, {endpoint_for(server)}, {256, kJitterSeed});
  const auto start = clock.now();

  auto outcome = run_on(loop, client.chat("test", hello()));

  REQUIRE(outcome.ok());
  CHECK(outcome.value().choices[0].content == "after the wait");
  CHECK(clock.now() - start == 7s);
  CHECK(server.request_count() == 2);
  auto stats = client.stats().at(0);
  CHECK(stats.requests_sent == 2);
  CHECK(stats.retries == 1);
  CHECK(stats.succeeded == 1);
  CHECK(stats.failed == 0);
  CHECK(stats.current_cap == 5);  // 8 halved by the 429, then one success
}

TEST_CASE("retry-after-ms is honoured to the millisecond", "[client]") {
  ScriptedServer server(
      {with_header(openai_error(429, "tokens", "Slow down"), "retry-after-ms", "1500"), chat_ok()});
  ManualClock clock;
  EventLoop loop(clock);
  Client client(loop, {endpoint_for(server)}, {256, kJitterSeed});
  const auto start = clock.now();
  auto outcome = run_on(loop, client.chat("test", hello()));
  REQUIRE(outcome.ok());
  CHECK(clock.now() - start == 1500ms);
}

TEST_CASE("a burst of 5xx is retried with full-jitter backoff", "[client]") {
  ScriptedServer server({openai_error(500, "server_error", "internal"),
                         openai_error(503, "server_error", "overloaded"), html_error(502),
                         openai_error(504, "server_error", "gateway timeout"), chat_ok("finally")});
  ManualClock clock;
  EventLoop loop(clock);
  auto config = endpoint_for(server);
  Client client(loop, {config}, {256, kJitterSeed});
  const auto start = clock.now();

  auto outcome = run_on(loop, client.chat("test", hello()));

  REQUIRE(outcome.ok());
  CHECK(outcome.value().choices[0].content == "finally");
  CHECK(server.request_count() == 5);
  CHECK(clock.now() - start == jitter_total(config.retry, 4));
  CHECK(clock.now() - start <= 1s + 2s + 4s + 8s);
  CHECK(client.stats().at(0).retries == 4);
}

TEST_CASE("retries stop after max_retries: attempts is max_retries + 1", "[client]") {
  ScriptedServer server;
  server.set_fallback(openai_error(503, "server_error", "overloaded"));
  ManualClock clock;
  EventLoop loop(clock);
  auto config = endpoint_for(server);
  config.retry.max_retries = 8;
  Client client(loop, {config}, {256, kJitterSeed});
  const auto start = clock.now();

  auto outcome = run_on(loop, client.chat("test", hello()));

  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.failure().kind == FailureKind::overloaded);
  CHECK(outcome.failure().attempts == 9);
  CHECK(outcome.failure().http_status == 503);
  CHECK(outcome.failure().message == "overloaded");
  CHECK(server.request_count() == 9);
  CHECK(clock.now() - start == jitter_total(config.retry, 8));
  auto stats = client.stats().at(0);
  CHECK(stats.requests_sent == 9);
  CHECK(stats.retries == 8);
  CHECK(stats.failed == 1);
  CHECK(stats.current_cap == 1);  // halved by every 503, never below one
}

TEST_CASE("client errors are not retried", "[client]") {
  struct Case {
    int status;
    const char* type;
    FailureKind kind;
  };
  for (const Case& c : {Case{400, "invalid_request_error", FailureKind::invalid_request},
                        Case{401, "invalid_api_key", FailureKind::auth},
                        Case{404, "not_found_error", FailureKind::not_found},
                        Case{422, "invalid_request_error", FailureKind::invalid_request}}) {
    INFO(c.status);
    ScriptedServer server({openai_error(c.status, c.type, "no")});
    ManualClock clock;
    EventLoop loop(clock);
    Client client(loop, {endpoint_for(server)}, {256, kJitterSeed});
    const auto start = clock.now();
    auto outcome = run_on(loop, client.chat("test", hello()));
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.failure().kind == c.kind);
    CHECK(outcome.failure().attempts == 1);
    CHECK(outcome.failure().http_status == c.status);
    CHECK(server.request_count() == 1);
    CHECK(clock.now() == start);
  }
}

TEST_CASE("a 500 whose body says invalid_request_error is not retried", "[client]") {
  ScriptedServer server({openai_error(500, "invalid_request_error", "bad grammar")});
  ManualClock clock;
  EventLoop loop(clock);
  Client client(loop, {endpoint_for(server)}, {256, kJitterSeed});
  auto outcome = run_on(loop, client.chat("test", hello()));
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.failure().kind == FailureKind::invalid_request);
  CHECK(outcome.failure().attempts == 1);
  CHECK(outcome.failure().http_status == 500);
  CHECK(server.request_count() == 1);
}
