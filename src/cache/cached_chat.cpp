#include "cache/cached_chat.hpp"

#include <optional>
#include <utility>

#include "cache/request_key.hpp"

namespace pogen::pipeline {

using llm::ChatResponse;
using llm::Outcome;

// `co_await Waiter(flight)` suspends until the flight's leader releases it. A waiter whose frame
// is destroyed while suspended (its run torn down) takes itself off the list.
class CachedChat::Waiter {
 public:
  explicit Waiter(Flight& flight) : flight_(flight) {}
  ~Waiter() {
    if (registered_) flight_.waiters.erase(position_);
  }
  Waiter(const Waiter&) = delete;
  Waiter& operator=(const Waiter&) = delete;

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> handle) {
    handle_ = handle;
    position_ = flight_.waiters.insert(flight_.waiters.end(), this);
    registered_ = true;
  }
  void await_resume() const noexcept {}

  // The leader takes the waiter off the list before resuming it.
  std::coroutine_handle<> detach() {
    registered_ = false;
    return handle_;
  }

 private:
  Flight& flight_;
  std::list<Waiter*>::iterator position_;
  std::coroutine_handle<> handle_;
  bool registered_ = false;
};

// Marks a key as being sent, for as long as the caller that sends it is running.
class CachedChat::Leader {
 public:
  Leader(std::map<std::string, Flight>& flights, const std::string& key)
      : flights_(flights), flight_(flights.try_emplace(key).first) {}
  // Reached without release() only when the leader's frame is destroyed, that is when its run is
  // torn down: the waiters are being torn down with it and must not be resumed.
  ~Leader() {
    if (released_) return;
    for (Waiter* waiter : flight_->second.waiters) waiter->detach();
    flights_.erase(flight_);
  }
  Leader(const Leader&) = delete;
  Leader& operator=(const Leader&) = delete;

  // Wakes every waiter; each reads the stored answer, or sends the request again after a failure.
  void release() {
    released_ = true;
    std::vector<std::coroutine_handle<>> handles;
    for (Waiter* waiter : flight_->second.waiters) handles.push_back(waiter->detach());
    flights_.erase(flight_);
    for (auto handle : handles) handle.resume();
  }

 private:
  std::map<std::string, Flight>& flights_;
  std::map<std::string, Flight>::iterator flight_;
  bool released_ = false;
};

namespace {

CachedChat::IdentityOf identities_by_name(const std::vector<llm::EndpointConfig>& endpoints) {
  std::map<std::string, EndpointIdentity> by_name;
  for (const auto& endpoint : endpoints) {
    by_name[endpoint.name] = EndpointIdentity{endpoint.model, endpoint.extra_body};
  }
  return [by_name = std::move(by_name)](const std::string& name) { return by_name.at(name); };
}

}  // namespace

CachedChat::CachedChat(llm::ChatService& inner, io::ResponseCache& cache, IdentityOf identity_of)
    : inner_(inner), cache_(cache), identity_of_(std::move(identity_of)) {}

CachedChat::CachedChat(llm::ChatService& inner, io::ResponseCache& cache,
                       const std::vector<llm::EndpointConfig>& endpoints)
    : CachedChat(inner, cache, identities_by_name(endpoints)) {}

Task<Outcome<ChatResponse>> CachedChat::chat(const std::string& endpoint, llm::ChatRequest request,
                                             llm::CallContext context) {
  const EndpointIdentity identity = identity_of_(endpoint);
  const std::string key = io::request_key(identity.model, request, identity.extra_body, context);
  for (;;) {
    if (auto stored = cache_.get(key)) {
      ++hits_;
      co_return std::move(*stored);
    }
    auto flight = flights_.find(key);
    if (flight == flights_.end()) break;
    co_await Waiter(flight->second);
  }

  ++misses_;
  Leader leader(flights_, key);
  const std::string role = context.role;
  std::optional<Outcome<ChatResponse>> outcome;
  try {
    outcome.emplace(co_await inner_.chat(endpoint, std::move(request), std::move(context)));
    if (outcome->ok()) {
      cache_.put(key, identity.model, role, outcome->value());
      ++stored_;
    }
  } catch (...) {
    leader.release();
    throw;
  }
  leader.release();
  co_return std::move(*outcome);
}

std::string CachedChat::model_of(const std::string& endpoint) const {
  return inner_.model_of(endpoint);
}

}  // namespace pogen::pipeline
