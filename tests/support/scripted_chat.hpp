#pragma once
// A ChatService fake for workflow tests: records every call (endpoint, request, context) and
// answers from a responder function, with no HTTP. In deferred mode each call suspends until the
// test completes it, so tests can finish calls in any order they like.

#include <coroutine>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "chat/chat_service.hpp"

namespace pogen::testing {

struct RecordedCall {
  std::string endpoint;
  llm::ChatRequest request;
  llm::CallContext context;
};

// A response with one choice holding `text`, finish_reason "stop", and small usage.
inline llm::ChatResponse text_response(const std::string& text, const std::string& model = "m",
                                       const std::string& finish_reason = "stop") {
  llm::ChatResponse r;
  r.id = "scripted";
  r.model = model;
  r.choices.push_back({0, text, finish_reason});
  r.usage = {10, 5, 15};
  return r;
}

class ScriptedChat final : public llm::ChatService {
 public:
  using Responder = std::function<llm::Outcome<llm::ChatResponse>(const RecordedCall&)>;

  explicit ScriptedChat(Responder responder, std::map<std::string, std::string> models = {})
      : responder_(std::move(responder)), models_(std::move(models)) {}

  void set_deferred(bool deferred) { deferred_ = deferred; }

  Task<llm::Outcome<llm::ChatResponse>> chat(const std::string& endpoint, llm::ChatRequest request,
                                             llm::CallContext context) override {
    calls.push_back({endpoint, std::move(request), std::move(context)});
    std::size_t index = calls.size() - 1;
    if (deferred_) co_await Pending{this, index};
    co_return responder_(calls[index]);
  }

  std::string model_of(const std::string& endpoint) const override {
    auto it = models_.find(endpoint);
    return it == models_.end() ? endpoint + "-model" : it->second;
  }

  // Deferred mode: resumes the call with this index (its position in `calls`).
  void complete(std::size_t call_index) {
    auto it = pending_.find(call_index);
    if (it == pending_.end()) throw std::logic_error("no pending call with that index");
    auto handle = it->second;
    pending_.erase(it);
    handle.resume();
  }
  std::vector<std::size_t> pending_calls() const {
    std::vector<std::size_t> out;
    for (const auto& [index, handle] : pending_) out.push_back(index);
    return out;
  }

  std::vector<RecordedCall> calls;

 private:
  struct Pending {
    ScriptedChat* self;
    std::size_t index;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { self->pending_[index] = h; }
    void await_resume() const noexcept {}
  };

  Responder responder_;
  std::map<std::string, std::string> models_;
  bool deferred_ = false;
  std::map<std::size_t, std::coroutine_handle<>> pending_;
};

}  // namespace pogen::testing
