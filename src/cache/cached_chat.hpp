#pragma once
// The resume cache in front of a ChatService: a request answered before (in this run or in a run
// that crashed or was killed) is answered from the ResponseCache and never sent again.
//
// What is stored: every successful HTTP answer (Outcome ok), including one whose choices are all
// empty, filtered or truncated. Those are real answers of the model to that request, and what
// they mean (retry with a larger max_tokens, count as a failed item, ...) is the pipeline's
// decision, made identically whether the answer came from the server or from the cache.
// What is never stored: failures (timeouts, 429/5xx after retries, malformed bodies, ...), so a
// re-run asks again.
//
// Identical requests in flight at the same time are sent once: later callers wait for the first
// and then read its stored answer (or, if it failed, one of them sends the request again). Without
// this, two identical requests could get two different answers of which only one is stored, and a
// resumed run would not reproduce the first.

#include <coroutine>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cache/response_cache.hpp"
#include "chat/chat_service.hpp"
#include "llm/endpoint.hpp"

namespace pogen::pipeline {

// What of an endpoint goes into the cache key (see io/request_key.hpp): not its name or URLs.
struct EndpointIdentity {
  std::string model;
  nlohmann::json extra_body = nlohmann::json::object();
};

class CachedChat final : public llm::ChatService {
 public:
  // Throws std::out_of_range for an endpoint it does not know (a programming error: endpoint
  // names are validated with the config).
  using IdentityOf = std::function<EndpointIdentity(const std::string& endpoint)>;

  CachedChat(llm::ChatService& inner, io::ResponseCache& cache, IdentityOf identity_of);
  // Identities taken from the configured endpoints, looked up by name.
  CachedChat(llm::ChatService& inner, io::ResponseCache& cache,
             const std::vector<llm::EndpointConfig>& endpoints);
  CachedChat(const CachedChat&) = delete;
  CachedChat& operator=(const CachedChat&) = delete;

  Task<llm::Outcome<llm::ChatResponse>> chat(const std::string& endpoint, llm::ChatRequest request,
                                             llm::CallContext context) override;
  std::string model_of(const std::string& endpoint) const override;

  std::int64_t hits() const { return hits_; }      // answered from the cache
  std::int64_t misses() const { return misses_; }  // forwarded to the inner service
  std::int64_t stored() const { return stored_; }  // successful answers written to the cache

 private:
  class Waiter;
  // Callers waiting for the request with one key that is already being sent.
  struct Flight {
    std::list<Waiter*> waiters;
  };
  class Leader;

  llm::ChatService& inner_;
  io::ResponseCache& cache_;
  IdentityOf identity_of_;
  std::map<std::string, Flight> flights_;
  std::int64_t hits_ = 0;
  std::int64_t misses_ = 0;
  std::int64_t stored_ = 0;
};

}  // namespace pogen::pipeline
