#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "cache/request_key.hpp"

namespace pogen::io {
namespace {

struct KeyInput {
  std::string model = "llama-3.1-8b";
  llm::ChatRequest request;
  nlohmann::json extra_body = nlohmann::json::object();
  llm::CallContext context;
};

KeyInput pinned_input() {
  KeyInput in;
  in.request.messages = {{llm::Role::system, "You are terse."},
                         {llm::Role::user, "H\xC3\xA9llo, \xE4\xB8\x96\xE7\x95\x8C"}};
  in.request.sampling.temperature = 0.7;
  in.request.sampling.max_tokens = 256;
  in.request.sampling.seed = 42;
  in.request.sampling.stop = {"\n\n"};
  in.request.n = 2;
  in.request.response_format = nlohmann::json{{"type", "json_object"}};
  in.extra_body = {{"top_k", 40}};
  in.context = llm::call_context("p-1", "generate", 1, 2);
  return in;
}

std::string key_of(const KeyInput& in) {
  return request_key(in.model, in.request, in.extra_body, in.context);
}

}  // namespace

TEST_CASE("canonical_request is compact JSON with sorted keys and unescaped UTF-8") {
  const KeyInput in = pinned_input();
  CHECK(canonical_request(in.model, in.request, in.extra_body, in.context) ==
        "{\"context\":{\"iteration\":1,\"role\":\"generate\",\"sample\":2},"
        "\"extra_body\":{\"top_k\":40},\"format\":1,"
        "\"messages\":[{\"content\":\"You are terse.\",\"role\":\"system\"},"
        "{\"content\":\"H\xC3\xA9llo, \xE4\xB8\x96\xE7\x95\x8C\",\"role\":\"user\"}],"
        "\"model\":\"llama-3.1-8b\",\"n\":2,\"response_format\":{\"type\":\"json_object\"},"
        "\"sampling\":{\"max_tokens\":256,\"seed\":42,\"stop\":[\"\\n\\n\"],\"temperature\":0.7}}");
}

TEST_CASE("request_key of a pinned request never changes by accident") {
  // Computed independently: Python's hashlib.sha256 of json.dumps(x, sort_keys=True,
  // separators=(",", ":"), ensure_ascii=False).encode(). A deliberate change of the key format
  // bumps kKeyFormat and this value.
  CHECK(key_of(pinned_input()) ==
        "d4834f02bd88b78294851a337e6fda4490a17a019222b4d5eaec96959ded5d0c");
}

TEST_CASE("request_key leaves out unset sampling fields, and unset differs from a default") {
  KeyInput plain;
  plain.request.messages = {{llm::Role::user, "hi"}};
  CHECK(canonical_request(plain.model, plain.request, plain.extra_body, plain.context) ==
        "{\"context\":{\"iteration\":0,\"role\":\"\",\"sample\":0},\"extra_body\":{},"
        "\"format\":1,\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],"
        "\"model\":\"llama-3.1-8b\",\"sampling\":{}}");
  KeyInput with_default = plain;
  with_default.request.n = 1;
  CHECK(key_of(plain) != key_of(with_default));
}

TEST_CASE("request_key changes with every field that shapes the answer") {
  using Mutation = std::pair<std::string, std::function<void(KeyInput&)>>;
  const std::vector<Mutation> mutations = {
      {"model", [](KeyInput& in) { in.model = "gemma-2-9b"; }},
      {"content", [](KeyInput& in) { in.request.messages[1].content += "!"; }},
      {"role", [](KeyInput& in) { in.request.messages[0].role = llm::Role::user; }},
      {"extra message",
       [](KeyInput& in) {
         in.request.messages.push_back({llm::Role::assistant, "ok"});
       }},
      {"temperature", [](KeyInput& in) { in.request.sampling.temperature = 0.8; }},
      {"no temperature", [](KeyInput& in) { in.request.sampling.temperature.reset(); }},
      {"top_p", [](KeyInput& in) { in.request.sampling.top_p = 0.9; }},
      {"max_tokens", [](KeyInput& in) { in.request.sampling.max_tokens = 512; }},
      {"seed", [](KeyInput& in) { in.request.sampling.seed = 43; }},
      {"stop", [](KeyInput& in) { in.request.sampling.stop.push_back("END"); }},
      {"n", [](KeyInput& in) { in.request.n = 3; }},
      {"response_format",
       [](KeyInput& in) {
         in.request.response_format = nlohmann::json{{"type", "text"}};
       }},
      {"extra_body", [](KeyInput& in) { in.extra_body["top_k"] = 41; }},
      {"top_logprobs", [](KeyInput& in) { in.request.top_logprobs = 20; }},
      {"other top_logprobs", [](KeyInput& in) { in.request.top_logprobs = 5; }},
      {"context role", [](KeyInput& in) { in.context.role = "revise"; }},
      {"iteration", [](KeyInput& in) { in.context.iteration = 2; }},
      {"sample", [](KeyInput& in) { in.context.sample = 3; }},
  };
  std::set<std::string> keys = {key_of(pinned_input())};
  for (const auto& [name, mutate] : mutations) {
    INFO(name);
    KeyInput in = pinned_input();
    mutate(in);
    CHECK(keys.insert(key_of(in)).second);
  }
  CHECK(keys.size() == mutations.size() + 1);
}

TEST_CASE("request_key ignores the item id: identical requests share one answer") {
  KeyInput other = pinned_input();
  other.context.item_id = "p-2";
  CHECK(key_of(other) == key_of(pinned_input()));
}

TEST_CASE("request_key is 64 lower-case hex digits") {
  const std::string key = key_of(pinned_input());
  CHECK(key.size() == 64);
  CHECK(key.find_first_not_of("0123456789abcdef") == std::string::npos);
}

}  // namespace pogen::io
