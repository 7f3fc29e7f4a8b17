#include <catch2/catch.hpp>

#include <httplib.h>

#include <chrono>
#include <cmath>

#include "chat/answer.hpp"
#include "fake/endpoint.hpp"
#include "fake/responder.hpp"
#include "llm/protocol.hpp"

using nlohmann::json;
using namespace pogen::llm;

namespace {

json chat_body(const std::string& question, const std::string& model = "m1") {
  return {{"model", model}, {"messages", {{{"role", "user"}, {"content", question}}}}};
}

httplib::Result post(const FakeEndpointServer& server, const std::string& body) {
  httplib::Client client("127.0.0.1", server.port());
  return client.Post("/v1/chat/completions", body, "application/json");
}

ChatResponse parse_ok(const httplib::Result& result) {
  REQUIRE(result);
  REQUIRE(result->status == 200);
  Outcome<ChatResponse> outcome = parse_chat_response(result->body);
  INFO((outcome.ok() ? std::string() : outcome.failure().message));
  REQUIRE(outcome.ok());
  return outcome.value();
}

pogen::http::HttpResponse as_http_response(const httplib::Result& result) {
  pogen::http::HttpResponse response;
  response.status = result->status;
  response.body = result->body;
  return response;
}

FakeSettings faults(double rate_429, double rate_500, double rate_drop, std::int64_t seed = 0) {
  FakeSettings settings;
  settings.rate_429 = rate_429;
  settings.rate_500 = rate_500;
  settings.rate_drop = rate_drop;
  settings.seed = seed;
  return settings;
}

}  // namespace

TEST_CASE("the fake endpoint answers a chat completion", "[fake]") {
  FakeEndpointServer server(FakeSettings{});
  CHECK(server.base_url() == "http://127.0.0.1:" + std::to_string(server.port()) + "/v1");

  const json body = chat_body("What is 2+2? 🙂");
  const ChatResponse response = parse_ok(post(server, body.dump()));
  CHECK(response.model == "m1");
  CHECK(response.id.rfind("chatcmpl-fake-", 0) == 0);
  REQUIRE(response.choices.size() == 1);
  CHECK(response.choices[0].content == fake_reply(body, 0));
  CHECK(response.choices[0].finish_reason == "stop");
  CHECK(response.usage.prompt_tokens == 4);  // 14 characters
  const std::string reply = fake_reply(body, 0);
  const auto characters =
      std::count_if(reply.begin(), reply.end(), [](char c) { return (c & 0xC0) != 0x80; });
  const std::int64_t expected_completion = (characters + 3) / 4;
  CHECK(response.usage.completion_tokens == expected_completion);
  CHECK(response.usage.total_tokens == 4 + expected_completion);

  // The same request gives the same bytes.
  CHECK(post(server, body.dump())->body == post(server, body.dump())->body);
}

TEST_CASE("the fake endpoint rejects malformed requests with 400", "[fake]") {
  FakeEndpointServer server(FakeSettings{});
  const std::pair<std::string, std::string> cases[] = {
      {"{not json", "We could not parse the JSON body of your request."},
      {"[1]", "The request body must be a JSON object."},
      {R"({"messages":[{"role":"user","content":"x"}]})", "you must provide a model parameter"},
      {R"({"model":7,"messages":[{"role":"user","content":"x"}]})", "model: expected a string"},
      {R"({"model":"m","messages":[]})", "messages: expected a non-empty array"},
      {R"({"model":"m"})", "messages: expected a non-empty array"},
      {R"({"model":"m","messages":["hi"]})", "messages[0]: expected an object"},
      {R"({"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","content":"y"}]})",
       "messages[1].role: expected one of system, user, assistant"},
      {R"({"model":"m","messages":[{"role":"user","content":null}]})",
       "messages[0].content: expected a string"},
      {R"({"model":"m","messages":[{"role":"user","content":"x"}],"n":0})",
       "n: expected an integer from 1 to 128"},
      {R"({"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":"5"})",
       "max_tokens: expected a positive integer"},
      {R"({"model":"m","messages":[{"role":"user","content":"x"}],"top_logprobs":3})",
       "top_logprobs: logprobs must be set to true if top_logprobs is used"},
      {R"({"model":"m","messages":[{"role":"user","content":"x"}],"logprobs":true,"top_logprobs":21})",
       "top_logprobs: expected an integer from 0 to 20"},
  };
  for (const auto& [body, message] : cases) {
    INFO(body);
    const httplib::Result result = post(server, body);
    REQUIRE(result);
    CHECK(result->status == 400);
    const json error = json::parse(result->body).at("error");
    CHECK(error.at("message") == message);
    CHECK(error.at("type") == "invalid_request_error");
    const Classification c = classify_failure(as_http_response(result));
    CHECK(c.kind == FailureKind::invalid_request);
    CHECK_FALSE(c.retryable);
    CHECK(c.message == message);
  }
  CHECK(json::parse(post(server, R"({"model":"m","messages":[{"role":"x","content":"y"}]})")->body)
            .at("error")
            .at("param") == "messages[0].role");
}

TEST_CASE("the fake endpoint honours n", "[fake]") {
  FakeEndpointServer server(FakeSettings{});
  json body = chat_body("Name a colour");
  body["n"] = 3;
  const ChatResponse response = parse_ok(post(server, body.dump()));
  REQUIRE(response.choices.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(response.choices[i].index == i);
    CHECK(response.choices[i].content == fake_reply(body, i));
  }
  CHECK(response.choices[0].content != response.choices[1].content);
}

TEST_CASE("the fake endpoint truncates at max_tokens on a character boundary", "[fake]") {
  FakeEndpointServer server(FakeSettings{});
  json body = chat_body("ééééé");
  body["max_tokens"] = 3;  // 12 bytes: "Regarding \"" is 11, then half of an é
  ChatResponse response = parse_ok(post(server, body.dump()));
  CHECK(response.choices[0].content == "Regarding \"");
  CHECK(response.choices[0].finish_reason == "length");
  CHECK(response.usage.completion_tokens == 3);
  CHECK(answer_text(response.choices[0]).failure().kind == FailureKind::truncated);

  body.erase("max_tokens");
  body["max_completion_tokens"] = 4;
  response = parse_ok(post(server, body.dump()));
  CHECK(response.choices[0].content == "Regarding \"\xC3\xA9\xC3\xA9");
  CHECK(response.choices[0].finish_reason == "length");

  body["max_completion_tokens"] = 10'000;
  response = parse_ok(post(server, body.dump()));
  CHECK(response.choices[0].content == fake_reply(body, 0));
  CHECK(response.choices[0].finish_reason == "stop");
}

TEST_CASE("fault rate 1.0 for 429 answers with Retry-After", "[fake]") {
  FakeEndpointServer server(faults(1.0, 0, 0));
  const httplib::Result result = post(server, chat_body("q").dump());
  REQUIRE(result);
  CHECK(result->status == 429);
  CHECK(result->get_header_value("Retry-After") == "1");
  const Classification c = classify_failure(as_http_response(result));
  CHECK(c.kind == FailureKind::rate_limited);
  CHECK(c.retryable);
  CHECK(c.message == "Rate limit reached (simulated by the fake endpoint).");
}

TEST_CASE("fault rate 1.0 for 500 answers with a server error", "[fake]") {
  FakeEndpointServer server(faults(0, 1.0, 0));
  const httplib::Result result = post(server, chat_body("q").dump());
  REQUIRE(result);
  CHECK(result->status == 500);
  const Classification c = classify_failure(as_http_response(result));
  CHECK(c.kind == FailureKind::server_error);
  CHECK(c.retryable);
  CHECK(c.message == "Internal error (simulated by the fake endpoint).");
}

TEST_CASE("fault rate 1.0 for drops cuts the body short", "[fake]") {
  FakeEndpointServer server(faults(0, 0, 1.0));
  const httplib::Result result = post(server, chat_body("q").dump());
  CHECK_FALSE(result);
  CHECK(result.error() == httplib::Error::Read);
  CHECK(server.request_count() == 1);
}

TEST_CASE("fault dice are reproducible and follow the rates", "[fake]") {
  const auto statuses = [](std::int64_t seed) {
    FakeEndpointServer server(faults(0.5, 0, 0, seed));
    std::string out;
    for (int i = 0; i < 40; ++i) {
      out += post(server, chat_body("question " + std::to_string(i % 20)).dump())->status == 429
                 ? 'R'
                 : '.';
    }
    return out;
  };
  const std::string first = statuses(7);
  CHECK(first == statuses(7));
  CHECK(first != statuses(8));
  const auto limited = std::count(first.begin(), first.end(), 'R');
  CHECK(limited > 8);
  CHECK(limited < 32);
}

TEST_CASE("the fake endpoint lists its models", "[fake]") {
  FakeEndpointServer server(FakeSettings{}, {"alpha", "beta", "alpha"});
  parse_ok(post(server, chat_body("q", "gamma").dump()));
  httplib::Client client("127.0.0.1", server.port());
  const httplib::Result result = client.Get("/v1/models");
  REQUIRE(result);
  REQUIRE(result->status == 200);
  const json listing = json::parse(result->body);
  CHECK(listing.at("object") == "list");
  std::vector<std::string> ids;
  for (const json& model : listing.at("data")) ids.push_back(model.at("id"));
  CHECK(ids == std::vector<std::string>{"alpha", "beta", "fake-model", "gamma"});
}

TEST_CASE("an unknown URL is a 404 with an OpenAI error", "[fake]") {
  FakeEndpointServer server(FakeSettings{});
  httplib::Client client("127.0.0.1", server.port());
  const httplib::Result result = client.Post("/v1/completions", "{}", "application/json");
  REQUIRE(result);
  CHECK(result->status == 404);
  const Classification c = classify_failure(as_http_response(result));
  CHECK(c.kind == FailureKind::not_found);
  CHECK(c.message == "Unknown request URL: POST /v1/completions.");
}

TEST_CASE("the fake endpoint counts and logs requests", "[fake]") {
  FakeEndpointServer server(FakeSettings{});
  const std::string body = chat_body("logged").dump();
  post(server, body);
  post(server, "{bad");
  httplib::Client("127.0.0.1", server.port()).Get("/v1/models");
  CHECK(server.request_count() == 3);
  const std::vector<FakeRequestRecord> log = server.requests();
  REQUIRE(log.size() == 3);
  CHECK(log[0].method == "POST");
  CHECK(log[0].path == "/v1/chat/completions");
  CHECK(log[0].body == body);
  CHECK(log[1].body == "{bad");
  CHECK(log[2].method == "GET");
  CHECK(log[2].path == "/v1/models");
}

TEST_CASE("latency delays the answer", "[fake]") {
  FakeSettings settings;
  settings.latency = std::chrono::milliseconds(60);
  FakeEndpointServer server(settings);
  const auto start = std::chrono::steady_clock::now();
  parse_ok(post(server, chat_body("slow").dump()));
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(60));
}

TEST_CASE("start_fake_endpoints starts one server per distinct setting", "[fake]") {
  std::vector<EndpointConfig> endpoints(4);
  endpoints[0].model = std::string("a");
  endpoints[0].base_urls = {"fake"};
  endpoints[1].model = std::string("b");
  endpoints[1].base_urls = {"fake"};
  endpoints[2].model = std::string("c");
  endpoints[2].base_urls = {"fake"};
  endpoints[2].fake.rate_429 = 0.5;
  endpoints[3].model = std::string("d");
  endpoints[3].base_urls = {"http://127.0.0.1:9/v1"};

  const FakeEndpointServers servers = start_fake_endpoints(endpoints);
  REQUIRE(servers.size() == 2);
  CHECK(endpoints[0].base_urls == std::vector<std::string>{servers[0]->base_url()});
  CHECK(endpoints[1].base_urls == endpoints[0].base_urls);
  CHECK(endpoints[2].base_urls == std::vector<std::string>{servers[1]->base_url()});
  CHECK(endpoints[3].base_urls == std::vector<std::string>{"http://127.0.0.1:9/v1"});
  CHECK_FALSE(endpoints[0].is_fake());

  httplib::Client client("127.0.0.1", servers[0]->port());
  const json listing = json::parse(client.Get("/v1/models")->body);
  CHECK(listing.at("data").size() == 3);  // a, b, fake-model
}

TEST_CASE("the fake endpoint gives log-probabilities that spell the reply when asked",
          "[fake][logprobs]") {
  FakeEndpointServer server(FakeSettings{});
  json body = chat_body("Score this: 10/10 and 7.");
  CHECK_FALSE(parse_ok(post(server, body.dump())).choices[0].logprobs);
  body["logprobs"] = true;
  body["top_logprobs"] = 2;
  const ChatResponse response = parse_ok(post(server, body.dump()));
  CHECK(response.choices[0].content == fake_reply(body, 0));  // the same reply as without
  REQUIRE(response.choices[0].logprobs);
  std::string spelled;
  for (const auto& token : *response.choices[0].logprobs) {
    REQUIRE(token.bytes);
    spelled += *token.bytes;
    CHECK(token.top.size() <= 2);
    CHECK(token.logprob <= 0);
  }
  CHECK(spelled == *response.choices[0].content);
}

TEST_CASE("fake_logprobs: a digit per token with its neighbours as alternatives",
          "[fake][logprobs]") {
  const json block = fake_logprobs(" Score: 10/10", 20, 42);
  const json& content = block.at("content");
  std::vector<std::string> tokens;
  for (const json& token : content) tokens.push_back(token.at("token"));
  CHECK(tokens == std::vector<std::string>{" Score", ":", " ", "1", "0", "/", "1", "0"});
  const json& one = content[3];
  REQUIRE(one.at("top_logprobs").size() == 3);
  CHECK(one.at("top_logprobs")[0].at("token") == "1");
  CHECK(one.at("top_logprobs")[1].at("token") == "2");
  CHECK(one.at("top_logprobs")[2].at("token") == "0");
  double total = 0;
  for (const json& alt : one.at("top_logprobs")) total += std::exp(alt.at("logprob").get<double>());
  CHECK(total == Approx(1.0));
  CHECK(fake_logprobs(" Score: 10/10", 1, 42).at("content")[3].at("top_logprobs").size() == 1);
  CHECK(block == fake_logprobs(" Score: 10/10", 20, 42));
}
