// Broken answers through the real Client: dropped connections, timeouts, bodies that are not a
// chat completion.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "client_fixture.hpp"

using namespace std::chrono_literals;
using namespace pogen::testing;
using pogen::ManualClock;
using pogen::http::EventLoop;
using pogen::llm::Client;
using pogen::llm::FailureKind;

namespace {

pogen::llm::EndpointConfig no_retries(const ScriptedServer& server) {
  auto config = endpoint_for(server);
  config.retry.max_retries = 0;
  return config;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

TEST_CASE("a connection reset mid-body is a connection failure, and is retried", "[client]") {
  SECTION("without retries") {
    ScriptedServer server({reset_mid_body()});
    EventLoop loop;
    Client client(loop, {no_retries(server)});
    auto outcome = run_on(loop, client.chat("test", hello()));
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.failure().kind == FailureKind::connection);
    CHECK(outcome.failure().attempts == 1);
    CHECK(starts_with(outcome.failure().message, "connection dropped: "));
  }
  SECTION("with retries") {
    ScriptedServer server({reset_mid_body(), chat_ok("whole")});
    ManualClock clock;
    EventLoop loop(clock);
    Client client(loop, {endpoint_for(server)}, {256, kJitterSeed});
    auto outcome = run_on(loop, client.chat("test", hello()));
    REQUIRE(outcome.ok());
    CHECK(outcome.value().choices[0].content == "whole");
    CHECK(server.request_count() == 2);
  }
}

TEST_CASE("an answer slower than the total timeout times out", "[client]") {
  ScriptedResponse slow = chat_ok();
  slow.delay = 3s;
  ScriptedServer server({slow});
  EventLoop loop;
  auto config = no_retries(server);
  config.timeouts.total = 200ms;
  Client client(loop, {config});
  const auto start = std::chrono::steady_clock::now();
  auto outcome = run_on(loop, client.chat("test", hello()));
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.failure().kind == FailureKind::timeout);
  CHECK(outcome.failure().http_status == 200);  // the headers came; the body did not
  CHECK(took >= 200ms);
  CHECK(took < 2s);
}

TEST_CASE("a body that drips slower than a byte a second trips the low-speed limit", "[client]") {
  // curl measures speed over whole seconds, so the drip is well below a byte a second.
  ScriptedServer server({slow_drip(3s)});
  EventLoop loop;
  auto config = no_retries(server);
  config.timeouts.low_speed = 1s;
  config.timeouts.total = 30s;
  Client client(loop, {config});
  const auto start = std::chrono::steady_clock::now();
  auto outcome = run_on(loop, client.chat("test", hello()));
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.failure().kind == FailureKind::timeout);
  CHECK(outcome.failure().message == "timed out: no data received for 1000 ms");
  CHECK(std::chrono::steady_clock::now() - start < 4s);
}

TEST_CASE("truncated JSON in a 200 is a malformed response, not retried", "[client]") {
  ScriptedServer server({truncated_json(), chat_ok()});
  ManualClock clock;
  EventLoop loop(clock);
  Client client(loop, {endpoint_for(server)}, {256, kJitterSeed});
  auto outcome = run_on(loop, client.chat("test", hello()));
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.failure().kind == FailureKind::malformed_response);
  CHECK(outcome.failure().attempts == 1);
  CHECK(outcome.failure().http_status == 200);
  CHECK(server.request_count() == 1);
  CHECK(client.stats().at(0).failed == 1);
}

TEST_CASE("an HTML 502 page from a proxy is a server error, retried", "[client]") {
  SECTION("retried until an answer comes") {
    ScriptedServer server({html_error(502), chat_ok()});
    ManualClock clock;
    EventLoop loop(clock);
    Client client(loop, {endpoint_for(server)}, {256, kJitterSeed});
    auto outcome = run_on(loop, client.chat("test", hello()));
    REQUIRE(outcome.ok());
    CHECK(server.request_count() == 2);
  }
  SECTION("reported with the page's gist when retries run out") {
    ScriptedServer server({html_error(502)});
    EventLoop loop;
    Client client(loop, {no_retries(server)});
    auto outcome = run_on(loop, client.chat("test", hello()));
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.failure().kind == FailureKind::server_error);
    CHECK(outcome.failure().http_status == 502);
    CHECK(outcome.failure().message.find("502 Bad Gateway") != std::string::npos);
  }
}
