#include <catch2/catch.hpp>

#include "llm/protocol.hpp"

using nlohmann::json;
using namespace pogen::llm;
using pogen::name_of;
using pogen::parse_enum;

namespace {

EndpointConfig endpoint_for(std::string model) {
  EndpointConfig endpoint;
  endpoint.name = std::string("e");  // not a literal: g++ 12 -Wrestrict false positive
  endpoint.base_urls = {"http://127.0.0.1:1/v1"};
  endpoint.model = std::move(model);
  return endpoint;
}

ChatRequest two_messages() {
  ChatRequest request;
  request.messages = {{Role::system, "Be brief."}, {Role::user, "Hi"}};
  return request;
}

}  // namespace

TEST_CASE("role and failure kind names round trip", "[protocol]") {
  for (Role role : {Role::system, Role::user, Role::assistant}) {
    CHECK(parse_enum<Role>(name_of(role)) == role);
  }
  CHECK(std::string(name_of(Role::assistant)) == "assistant");
  CHECK_FALSE(parse_enum<Role>("tool").has_value());
  CHECK_FALSE(parse_enum<Role>("User").has_value());

  CHECK(std::string(name_of(FailureKind::rate_limited)) == "rate_limited");
  CHECK(std::string(name_of(FailureKind::malformed_response)) == "malformed_response");
  for (int i = 0; i <= static_cast<int>(FailureKind::malformed_response); ++i) {
    const auto kind = static_cast<FailureKind>(i);
    CHECK(parse_enum<FailureKind>(name_of(kind)) == kind);
  }
  CHECK_FALSE(parse_enum<FailureKind>("rate-limited").has_value());
}

TEST_CASE("a minimal body has only model and messages", "[protocol]") {
  const json body = build_chat_body(endpoint_for("m1"), two_messages());
  CHECK(body == json::parse(R"({"model":"m1","messages":[
      {"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]})"));
}

TEST_CASE("every set field goes into the body", "[protocol]") {
  ChatRequest request = two_messages();
  request.sampling.temperature = 0.5;
  request.sampling.top_p = 0.9;
  request.sampling.max_tokens = 300;
  request.sampling.seed = 42;
  request.sampling.stop = {"\n\n", "END"};
  request.n = 3;
  request.response_format = json{{"type", "json_object"}};
  const json body = build_chat_body(endpoint_for("m1"), request);
  CHECK(body == json::parse(R"({"model":"m1","messages":[
      {"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],
      "temperature":0.5,"top_p":0.9,"max_tokens":300,"seed":42,"stop":["\n\n","END"],
      "n":3,"response_format":{"type":"json_object"}})"));
}

TEST_CASE("max_completion_tokens replaces max_tokens where the endpoint says so", "[protocol]") {
  EndpointConfig endpoint = endpoint_for("o1");
  endpoint.use_max_completion_tokens = true;
  ChatRequest request = two_messages();
  request.sampling.max_tokens = 128;
  const json body = build_chat_body(endpoint, request);
  CHECK(body.at("max_completion_tokens") == 128);
  CHECK_FALSE(body.contains("max_tokens"));
}

TEST_CASE("extra_body is merged over the body", "[protocol]") {
  EndpointConfig endpoint = endpoint_for("m1");
  ChatRequest request = two_messages();
  request.sampling.temperature = 0.5;
  request.sampling.seed = 7;
  request.response_format = json{{"type", "json_schema"}, {"json_schema", {{"name", "x"}}}};

  SECTION("plain values override and new keys are added") {
    endpoint.extra_body = {{"temperature", 0.0}, {"top_k", 20}};
    const json body = build_chat_body(endpoint, request);
    CHECK(body.at("temperature") == 0.0);
    CHECK(body.at("top_k") == 20);
    CHECK(body.at("seed") == 7);
  }
  SECTION("objects merge recursively") {
    endpoint.extra_body = json::parse(
        R"({"response_format":{"json_schema":{"strict":true}},
            "chat_template_kwargs":{"enable_thinking":false}})");
    const json body = build_chat_body(endpoint, request);
    CHECK(body.at("response_format") ==
          json::parse(R"({"type":"json_schema","json_schema":{"name":"x","strict":true}})"));
    CHECK(body.at("chat_template_kwargs") == json::parse(R"({"enable_thinking":false})"));
  }
  SECTION("null removes a field") {
    endpoint.extra_body = {{"seed", nullptr}};
    CHECK_FALSE(build_chat_body(endpoint, request).contains("seed"));
  }
  SECTION("arrays are replaced, not concatenated") {
    request.sampling.stop = {"a"};
    endpoint.extra_body = {{"stop", {"b", "c"}}};
    CHECK(build_chat_body(endpoint, request).at("stop") == json::array({"b", "c"}));
  }
}

TEST_CASE("estimate_tokens counts characters, messages and the completion", "[protocol]") {
  ChatRequest request;
  request.messages = {{Role::user, std::string(10, 'a')}};  // ceil(10/4) = 3, + 4
  CHECK(estimate_tokens(request) == 3 + 4 + 256);
  request.sampling.max_tokens = 100;
  request.n = 3;
  CHECK(estimate_tokens(request) == 3 + 4 + 300);
  request.messages.push_back({Role::assistant, "\xC3\xA9\xC3\xA9"});  // 2 characters, 4 bytes
  CHECK(estimate_tokens(request) == 3 + 8 + 300);                     // ceil(12/4) = 3
}

TEST_CASE("estimate_tokens counts characters, not bytes, in long text", "[protocol]") {
  ChatRequest request;
  std::string text = "ab";  // then 30 x (e-acute, 2 bytes; emoji, 4 bytes; c): 92 characters
  for (int i = 0; i < 30; ++i)
    text +=
        "\xC3\xA9\xF0\x9F\x98\x80"
        "c";
  request.messages = {{Role::user, text}};
  CHECK(estimate_tokens(request) == 23 + 4 + 256);  // ceil(92/4) = 23
}

TEST_CASE("utf8_prefix never cuts a sequence", "[protocol]") {
  const std::string text = "a\xC3\xA9\xF0\x9F\x98\x80";  // a, é (2 bytes), 😀 (4 bytes)
  CHECK(utf8_prefix(text, 100) == text);
  CHECK(utf8_prefix(text, 1) == "a");
  CHECK(utf8_prefix(text, 2) == "a");
  CHECK(utf8_prefix(text, 3) == "a\xC3\xA9");
  CHECK(utf8_prefix(text, 6) == "a\xC3\xA9");
  CHECK(utf8_prefix(text, 7) == text);
  CHECK(utf8_prefix(text, 0).empty());
}

TEST_CASE("a logprob request sends logprobs: true and top_logprobs", "[protocol][logprobs]") {
  ChatRequest request = two_messages();
  CHECK_FALSE(build_chat_body(endpoint_for("m1"), request).contains("logprobs"));
  request.top_logprobs = 5;
  const json body = build_chat_body(endpoint_for("m1"), request);
  CHECK(body["logprobs"] == true);
  CHECK(body["top_logprobs"] == 5);
}
