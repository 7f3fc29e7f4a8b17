// What the Client sends (URL, headers, key, body) and what it returns on success.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "client_fixture.hpp"
#include "core/diagnostics.hpp"

using namespace pogen::testing;
using pogen::http::EventLoop;
using pogen::llm::Client;
using pogen::llm::FailureKind;

TEST_CASE("a chat is a POST of the OpenAI body to /chat/completions", "[client]") {
  ScriptedServer server({chat_ok("hello there", 12, 3)});
  EventLoop loop;
  Client client(loop, {endpoint_for(server)});
  auto outcome = run_on(loop, client.chat("test", hello()));

  REQUIRE(outcome.ok());
  CHECK(outcome.value().choices.at(0).content == "hello there");
  CHECK(outcome.value().usage.total_tokens == 15);
  auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].path == "/v1/chat/completions");
  CHECK(requests[0].header("content-type") == "application/json");
  CHECK_FALSE(requests[0].header("authorization").has_value());
  auto body = nlohmann::json::parse(requests[0].body);
  CHECK(body.at("model") == "scripted-model");
  CHECK(body.at("messages").at(0).at("content") == "Say hello.");

  auto stats = client.stats().at(0);
  CHECK(stats.name == "test");
  CHECK(stats.requests_sent == 1);
  CHECK(stats.succeeded == 1);
  CHECK(stats.prompt_tokens == 12);
  CHECK(stats.completion_tokens == 3);
  CHECK(stats.in_flight == 0);
  CHECK(stats.current_cap == 8);
}

TEST_CASE("the API key from the named variable goes in a Bearer header", "[client]") {
  setenv("POGEN_TEST_API_KEY", "sk-test-123", 1);
  ScriptedServer server({chat_ok()});
  EventLoop loop;
  auto config = endpoint_for(server);
  config.api_key_env = "POGEN_TEST_API_KEY";
  Client client(loop, {config});
  unsetenv("POGEN_TEST_API_KEY");  // read once, at construction
  auto outcome = run_on(loop, client.chat("test", hello()));
  REQUIRE(outcome.ok());
  CHECK(server.requests().at(0).header("authorization") == "Bearer sk-test-123");
}

TEST_CASE("a named key variable that is unset or empty is fatal", "[client]") {
  EventLoop loop;
  auto config = endpoint_for(std::vector<std::string>{"http://127.0.0.1:9/v1"}, "gpt");
  config.api_key_env = "POGEN_TEST_MISSING_KEY";
  const char* expected =
      "endpoint \"gpt\": environment variable POGEN_TEST_MISSING_KEY (api_key_env) is not set or "
      "is empty";
  unsetenv("POGEN_TEST_MISSING_KEY");
  CHECK_THROWS_AS(Client(loop, {config}), pogen::FatalError);
  CHECK_THROWS_WITH(Client(loop, {config}), expected);
  setenv("POGEN_TEST_MISSING_KEY", "", 1);
  CHECK_THROWS_WITH(Client(loop, {config}), expected);
  unsetenv("POGEN_TEST_MISSING_KEY");
}

TEST_CASE("the endpoint's extra headers are sent with every request", "[client]") {
  ScriptedServer server({chat_ok()});
  EventLoop loop;
  auto config = endpoint_for(server);
  config.headers = {{"OpenAI-Organization", "org-1"}, {"X-Team", "pogen"}};
  Client client(loop, {config});
  REQUIRE(run_on(loop, client.chat("test", hello())).ok());
  auto request = server.requests().at(0);
  CHECK(request.header("openai-organization") == "org-1");
  CHECK(request.header("x-team") == "pogen");
}

TEST_CASE("an unknown endpoint name is a programming error", "[client]") {
  EventLoop loop;
  Client client(loop, {endpoint_for(std::vector<std::string>{"http://127.0.0.1:9/v1"})});
  CHECK_THROWS_WITH(client.endpoint("nope"), "unknown endpoint \"nope\"");
  CHECK_THROWS_AS(run_on(loop, client.chat("nope", hello())), std::out_of_range);
  CHECK(client.endpoint("test").model == "scripted-model");
}

TEST_CASE("list_models returns the ids every base URL lists", "[client]") {
  ScriptedResponse listing;
  listing.body = R"({"object":"list","data":[{"id":"m1","object":"model"},{"id":"m2"}]})";
  ScriptedServer a({listing});
  ScriptedResponse other;
  other.body = R"({"data":[{"id":"m2"},{"id":"m3"}]})";
  ScriptedServer b({other});
  EventLoop loop;
  Client client(loop, {endpoint_for(std::vector<std::string>{a.base_url(), b.base_url()})});
  auto outcome = run_on(loop, client.list_models("test"));
  REQUIRE(outcome.ok());
  CHECK(outcome.value() == std::vector<std::string>{"m1", "m2", "m3"});
  CHECK(a.requests().at(0).method == "GET");
  CHECK(a.requests().at(0).path == "/v1/models");
  CHECK(b.request_count() == 1);
}

TEST_CASE("list_models is strict about the listing's shape", "[client]") {
  auto listing = [](std::string body) {
    ScriptedResponse r;
    r.body = std::move(body);
    return r;
  };
  struct Case {
    const char* body;
    const char* message;
  };
  for (const Case& c :
       {Case{R"({"data":{}})", "data: expected an array"},
        Case{R"({"models":[]})", "data: missing"},
        Case{R"({"data":[{"id":"a"},{"name":"b"}]})", "data[1].id: expected a string"},
        Case{R"([1,2])", "body: expected an object"}, Case{"<html></html>", "body is not JSON"}}) {
    ScriptedServer server({listing(c.body)});
    EventLoop loop;
    auto config = endpoint_for(server);
    config.retry.max_retries = 0;
    Client client(loop, {config});
    auto outcome = run_on(loop, client.list_models("test"));
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.failure().kind == FailureKind::malformed_response);
    CHECK(outcome.failure().message == "GET " + server.base_url() + "/models: " + c.message);
  }
}

TEST_CASE("list_models reports a URL that fails", "[client]") {
  ScriptedServer server({openai_error(401, "invalid_api_key", "Incorrect API key provided")});
  EventLoop loop;
  Client client(loop, {endpoint_for(server)});
  auto outcome = run_on(loop, client.list_models("test"));
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.failure().kind == FailureKind::auth);
  CHECK(outcome.failure().http_status == 401);
  CHECK(outcome.failure().message ==
        "GET " + server.base_url() + "/models: Incorrect API key provided");
}
