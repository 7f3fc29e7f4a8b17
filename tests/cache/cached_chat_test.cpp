#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cache/cached_chat.hpp"
#include "cache/response_cache.hpp"
#include "core/sync_wait.hpp"
#include "core/task_scope.hpp"
#include "support/scripted_chat.hpp"

namespace pogen::pipeline {
namespace {

using llm::ChatResponse;
using llm::Outcome;
using testing::RecordedCall;
using testing::ScriptedChat;
using testing::text_response;

class CacheDir {
 public:
  CacheDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pogen-cached-chat-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  CacheDir(const CacheDir&) = delete;
  CacheDir& operator=(const CacheDir&) = delete;
  ~CacheDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string cache_file() const { return (path_ / "responses.sqlite").string(); }

 private:
  std::filesystem::path path_;
};

llm::EndpointConfig endpoint(const std::string& name, const std::string& url,
                             const std::string& model) {
  llm::EndpointConfig config;
  config.name = name;
  config.base_urls = {url};
  config.model = model;
  return config;
}

// "a" and "b" serve the same model from different servers; "c" serves another model; "d" is "a"
// with an extra_body.
std::vector<llm::EndpointConfig> endpoints() {
  std::vector<llm::EndpointConfig> out = {endpoint("a", "http://10.0.0.1:8000/v1", "llama"),
                                          endpoint("b", "http://10.0.0.2:8000/v1", "llama"),
                                          endpoint("c", "http://10.0.0.1:8000/v1", "gemma"),
                                          endpoint("d", "http://10.0.0.1:8000/v1", "llama")};
  out[3].extra_body = {{"top_k", 40}};
  return out;
}

llm::ChatRequest request(const std::string& text, double temperature = 0.7) {
  llm::ChatRequest r;
  r.messages = {{llm::Role::user, text}};
  r.sampling.temperature = temperature;
  return r;
}

llm::CallContext context(const std::string& item = "p-1") {
  return llm::call_context(item, "generate", 0, 0);
}

// Answers "answer N" to the N-th call (1-based).
ScriptedChat::Responder numbered() {
  return [n = 0](const RecordedCall&) mutable -> Outcome<ChatResponse> {
    return text_response("answer " + std::to_string(++n));
  };
}

std::string text_of(const Outcome<ChatResponse>& outcome) {
  REQUIRE(outcome.ok());
  return outcome.value().choices.at(0).content.value_or("<null>");
}

Outcome<ChatResponse> call(CachedChat& cached, const std::string& endpoint_name,
                           const llm::ChatRequest& r, const llm::CallContext& ctx = context()) {
  return sync_wait(cached.chat(endpoint_name, r, ctx));
}

Task<void> call_into(llm::ChatService& service, std::string endpoint_name, llm::ChatRequest r,
                     llm::CallContext ctx, std::optional<Outcome<ChatResponse>>& out) {
  out.emplace(co_await service.chat(endpoint_name, std::move(r), std::move(ctx)));
}

llm::Failure timeout_failure() {
  return llm::Failure{llm::FailureKind::timeout, 0, "total timeout after 60000 ms", 3};
}

}  // namespace

TEST_CASE("CachedChat answers a repeated request from the cache") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner(numbered());
  CachedChat cached(inner, cache, endpoints());

  CHECK(text_of(call(cached, "a", request("hi"))) == "answer 1");
  CHECK(text_of(call(cached, "a", request("hi"))) == "answer 1");
  CHECK(inner.calls.size() == 1);
  CHECK(cached.hits() == 1);
  CHECK(cached.misses() == 1);
  CHECK(cached.stored() == 1);
  CHECK(cache.count() == 1);
}

TEST_CASE("CachedChat returns the stored response field for field") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner([](const RecordedCall&) -> Outcome<ChatResponse> {
    ChatResponse r = text_response("x", "llama-served");
    r.latency_ms = 81.5;
    r.queue_ms = 240.25;
    r.retry_ms = 1003.5;
    return r;
  });
  CachedChat cached(inner, cache, endpoints());
  call(cached, "a", request("hi"));
  const Outcome<ChatResponse> hit = call(cached, "a", request("hi"));
  REQUIRE(hit.ok());
  CHECK(hit.value().model == "llama-served");
  CHECK(hit.value().latency_ms == 81.5);
  CHECK(hit.value().queue_ms == 240.25);
  CHECK(hit.value().retry_ms == 1003.5);
  CHECK(hit.value().usage.total_tokens == 15);
  CHECK(hit.value().choices.at(0).finish_reason == "stop");
}

TEST_CASE("CachedChat never stores a failure: the next call asks again") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  int calls = 0;
  ScriptedChat inner([&calls](const RecordedCall&) -> Outcome<ChatResponse> {
    if (++calls == 1) return timeout_failure();
    return text_response("late answer");
  });
  CachedChat cached(inner, cache, endpoints());

  const Outcome<ChatResponse> first = call(cached, "a", request("hi"));
  REQUIRE_FALSE(first.ok());
  CHECK(first.failure().kind == llm::FailureKind::timeout);
  CHECK(first.failure().message == "total timeout after 60000 ms");
  CHECK(cache.count() == 0);
  CHECK(cached.stored() == 0);

  CHECK(text_of(call(cached, "a", request("hi"))) == "late answer");
  CHECK(text_of(call(cached, "a", request("hi"))) == "late answer");
  CHECK(inner.calls.size() == 2);
  CHECK(cached.misses() == 2);
  CHECK(cached.hits() == 1);
  CHECK(cached.stored() == 1);
}

TEST_CASE("CachedChat stores a truncated or empty answer: it is a real answer") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner([](const RecordedCall&) -> Outcome<ChatResponse> {
    ChatResponse r = text_response("", "m", "length");
    r.choices.push_back({1, std::nullopt, "stop"});
    return r;
  });
  CachedChat cached(inner, cache, endpoints());
  call(cached, "a", request("hi"));
  const Outcome<ChatResponse> hit = call(cached, "a", request("hi"));
  CHECK(inner.calls.size() == 1);
  CHECK(cached.stored() == 1);
  REQUIRE(hit.ok());
  CHECK(hit.value().choices.at(0).content == std::string());
  CHECK(hit.value().choices.at(0).finish_reason == "length");
  CHECK(hit.value().choices.at(1).content == std::nullopt);
}

TEST_CASE("CachedChat sends again when the sampling, model, extra_body or role changes") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner(numbered());
  CachedChat cached(inner, cache, endpoints());

  CHECK(text_of(call(cached, "a", request("hi", 0.7))) == "answer 1");
  CHECK(text_of(call(cached, "a", request("hi", 0.8))) == "answer 2");
  CHECK(text_of(call(cached, "c", request("hi", 0.7))) == "answer 3");
  CHECK(text_of(call(cached, "d", request("hi", 0.7))) == "answer 4");
  CHECK(text_of(call(cached, "a", request("hi", 0.7), llm::call_context("p-1", "review", 0, 0))) ==
        "answer 5");
  CHECK(text_of(call(cached, "a", request("hi", 0.7))) == "answer 1");
  CHECK(cached.misses() == 5);
  CHECK(cached.hits() == 1);
}

TEST_CASE("CachedChat keeps answers when the endpoint's name, URL or the item id changes") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner(numbered());
  CachedChat cached(inner, cache, endpoints());

  CHECK(text_of(call(cached, "a", request("hi"), context("p-1"))) == "answer 1");
  CHECK(text_of(call(cached, "b", request("hi"), context("p-1"))) == "answer 1");
  CHECK(text_of(call(cached, "a", request("hi"), context("p-2"))) == "answer 1");
  CHECK(inner.calls.size() == 1);
  CHECK(cached.hits() == 2);
}

TEST_CASE("CachedChat over a reopened cache resumes without sending anything") {
  CacheDir dir;
  {
    io::ResponseCache cache(dir.cache_file());
    ScriptedChat inner(numbered());
    CachedChat cached(inner, cache, endpoints());
    call(cached, "a", request("one"));
    call(cached, "a", request("two"));
  }
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner(numbered());
  CachedChat cached(inner, cache, endpoints());
  CHECK(text_of(call(cached, "a", request("two"))) == "answer 2");
  CHECK(text_of(call(cached, "a", request("one"))) == "answer 1");
  CHECK(text_of(call(cached, "a", request("three"))) == "answer 1");
  CHECK(inner.calls.size() == 1);
}

TEST_CASE("CachedChat sends identical concurrent requests once") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner(numbered());
  inner.set_deferred(true);
  CachedChat cached(inner, cache, endpoints());

  std::optional<Outcome<ChatResponse>> first;
  std::optional<Outcome<ChatResponse>> second;
  std::optional<Outcome<ChatResponse>> other;
  TaskScope scope;
  scope.spawn(call_into(cached, "a", request("hi"), context("p-1"), first));
  scope.spawn(call_into(cached, "b", request("hi"), context("p-2"), second));
  scope.spawn(call_into(cached, "a", request("other"), context("p-3"), other));
  CHECK(inner.pending_calls() == std::vector<std::size_t>{0, 1});

  inner.complete(0);
  scope.rethrow_first_error();
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  CHECK(text_of(*first) == "answer 1");
  CHECK(text_of(*second) == "answer 1");
  CHECK_FALSE(other.has_value());
  inner.complete(1);
  REQUIRE(other.has_value());
  CHECK(text_of(*other) == "answer 2");
  CHECK(inner.calls.size() == 2);
  CHECK(cached.misses() == 2);
  CHECK(cached.hits() == 1);
}

TEST_CASE("CachedChat lets a waiter send again when the identical request in flight fails") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  int calls = 0;
  ScriptedChat inner([&calls](const RecordedCall&) -> Outcome<ChatResponse> {
    if (++calls == 1) return timeout_failure();
    return text_response("second try");
  });
  inner.set_deferred(true);
  CachedChat cached(inner, cache, endpoints());

  std::optional<Outcome<ChatResponse>> first;
  std::optional<Outcome<ChatResponse>> second;
  std::optional<Outcome<ChatResponse>> third;
  TaskScope scope;
  scope.spawn(call_into(cached, "a", request("hi"), context("p-1"), first));
  scope.spawn(call_into(cached, "a", request("hi"), context("p-2"), second));
  scope.spawn(call_into(cached, "a", request("hi"), context("p-3"), third));
  CHECK(inner.pending_calls() == std::vector<std::size_t>{0});

  inner.complete(0);
  REQUIRE(first.has_value());
  CHECK_FALSE(first->ok());
  CHECK(inner.pending_calls() == std::vector<std::size_t>{1});
  inner.complete(1);
  scope.rethrow_first_error();
  REQUIRE(second.has_value());
  REQUIRE(third.has_value());
  CHECK(text_of(*second) == "second try");
  CHECK(text_of(*third) == "second try");
  CHECK(cached.misses() == 2);
  CHECK(cached.hits() == 1);
  CHECK(cached.stored() == 1);
}

TEST_CASE("CachedChat forgets a waiter that is torn down while it waits") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner(numbered());
  inner.set_deferred(true);
  CachedChat cached(inner, cache, endpoints());

  std::optional<Outcome<ChatResponse>> first;
  TaskScope leader_scope;
  leader_scope.spawn(call_into(cached, "a", request("hi"), context("p-1"), first));
  {
    std::optional<Outcome<ChatResponse>> abandoned;
    TaskScope waiter_scope;
    waiter_scope.spawn(call_into(cached, "a", request("hi"), context("p-2"), abandoned));
    CHECK(inner.pending_calls() == std::vector<std::size_t>{0});
  }
  inner.complete(0);
  leader_scope.rethrow_first_error();
  REQUIRE(first.has_value());
  CHECK(text_of(*first) == "answer 1");
  CHECK(cached.hits() == 0);
  CHECK(cached.misses() == 1);
}

TEST_CASE("CachedChat forgets a request in flight whose caller is torn down") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner(numbered());
  inner.set_deferred(true);
  CachedChat cached(inner, cache, endpoints());
  {
    std::optional<Outcome<ChatResponse>> waiting;
    std::optional<Outcome<ChatResponse>> sending;
    TaskScope waiter_scope;
    TaskScope leader_scope;  // destroyed first: the leader goes while the waiter still waits
    leader_scope.spawn(call_into(cached, "a", request("hi"), context("p-1"), sending));
    waiter_scope.spawn(call_into(cached, "a", request("hi"), context("p-2"), waiting));
  }
  // Call 0 was abandoned with its caller; a new caller sends the request again.
  std::optional<Outcome<ChatResponse>> later;
  TaskScope scope;
  scope.spawn(call_into(cached, "a", request("hi"), context("p-3"), later));
  REQUIRE(inner.calls.size() == 2);
  inner.complete(1);
  scope.rethrow_first_error();
  REQUIRE(later.has_value());
  CHECK(text_of(*later) == "answer 1");
  CHECK(cached.misses() == 2);
}

TEST_CASE("CachedChat forwards model_of and rejects an unknown endpoint") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner(numbered(), {{"a", "llama-served"}});
  CachedChat cached(inner, cache, endpoints());
  CHECK(cached.model_of("a") == "llama-served");
  CHECK_THROWS_AS(call(cached, "nope", request("hi")), std::out_of_range);
  CHECK(inner.calls.empty());
}

TEST_CASE("CachedChat takes endpoint identities from a function") {
  CacheDir dir;
  io::ResponseCache cache(dir.cache_file());
  ScriptedChat inner(numbered());
  CachedChat cached(inner, cache, [](const std::string&) { return EndpointIdentity{"llama"}; });
  CachedChat by_config(inner, cache, endpoints());
  CHECK(text_of(call(cached, "anything", request("hi"))) == "answer 1");
  // The same identity as endpoint "a" of the config: the same key.
  CHECK(text_of(call(by_config, "a", request("hi"))) == "answer 1");
  CHECK(inner.calls.size() == 1);
}

}  // namespace pogen::pipeline
