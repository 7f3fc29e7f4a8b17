// Several base URLs for one endpoint: load spreads, a dead replica rests.
#include <catch2/catch.hpp>
#include <chrono>

#include "client_fixture.hpp"

using namespace std::chrono_literals;
using namespace pogen::testing;
using pogen::ManualClock;
using pogen::Task;
using pogen::http::EventLoop;
using pogen::llm::Client;

namespace {

// Each co_await is a statement of its own: GCC 12 lays out the frame wrongly for temporaries of
// a co_await inside a condition, and overwrites the frame's own fields.
Task<void> chats(Client& client, int count, int& ok) {
  for (int i = 0; i < count; ++i) {
    auto outcome = co_await client.chat("test", hello());
    if (outcome.ok()) ++ok;
  }
}

Task<void> one_chat(Client& client, int& ok) {
  auto outcome = co_await client.chat("test", hello());
  if (outcome.ok()) ++ok;
}

}  // namespace

TEST_CASE("requests spread over the base URLs", "[client]") {
  ScriptedServer a;
  ScriptedServer b;
  a.set_fallback(chat_ok());
  b.set_fallback(chat_ok());
  EventLoop loop;
  Client client(loop, {endpoint_for(std::vector<std::string>{a.base_url(), b.base_url()})});
  int ok = 0;
  SECTION("one after the other: in turn") {
    loop.tasks().spawn(chats(client, 10, ok));
    loop.run();
    CHECK(ok == 10);
    CHECK(a.request_count() == 5);
    CHECK(b.request_count() == 5);
  }
  SECTION("at once: to the least loaded") {
    for (int i = 0; i < 8; ++i) loop.tasks().spawn(one_chat(client, ok));
    loop.run();
    CHECK(ok == 8);
    CHECK(a.request_count() == 4);
    CHECK(b.request_count() == 4);
  }
}

TEST_CASE("a dead base URL rests after three failures and is tried again later", "[client]") {
  ScriptedServer alive;
  alive.set_fallback(chat_ok());
  ManualClock clock;
  EventLoop loop(clock);
  auto config = endpoint_for(std::vector<std::string>{refused_base_url(), alive.base_url()});
  config.retry.base = 10ms;
  Client client(loop, {config}, {256, kJitterSeed});
  int ok = 0;

  loop.tasks().spawn(chats(client, 6, ok));
  loop.run();
  CHECK(ok == 6);
  CHECK(alive.request_count() == 6);
  // Three chats went to the dead URL first and were retried on the live one; then it rested.
  CHECK(client.stats().at(0).requests_sent == 9);
  CHECK(client.stats().at(0).retries == 3);

  clock.advance(31s);
  loop.tasks().spawn(chats(client, 2, ok));
  loop.run();
  CHECK(ok == 8);
  // Back from rest it gets one try, fails, and rests again.
  CHECK(client.stats().at(0).requests_sent == 12);
  CHECK(alive.request_count() == 8);
}
