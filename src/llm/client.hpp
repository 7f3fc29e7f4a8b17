#pragma once
// The one shared asynchronous LLM client. Every call is a coroutine resumed on the event loop's
// thread: `auto result = co_await client.chat(endpoint, request);`. It applies the endpoint's
// limits (adaptive in-flight cap, request and token buckets, the global cap), picks the least
// loaded base URL, retries what is worth retrying with full-jitter backoff honouring Retry-After,
// and returns either a parsed response or a typed Failure. It never throws for a failed request.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "chat/chat.hpp"
#include "chat/failure.hpp"
#include "core/task.hpp"
#include "llm/endpoint.hpp"
#include "llm/protocol.hpp"

namespace pogen::http {
class EventLoop;
}

namespace pogen::llm {

// One HTTP attempt as an AttemptObserver sees it.
struct AttemptStart {
  const EndpointConfig& endpoint;
  TokenBounds tokens;  // zero for requests that are not completions (GET /models)
};
struct AttemptEnd {
  bool ok = false;  // a 2xx answer (its body is parsed afterwards)
  FailureKind kind = FailureKind::server_error;
  long http_status = 0;
  std::string message;
  bool retryable = false;
};

// Told of every HTTP attempt, retries included: the run session keeps its caps and watches its
// endpoints through this (run/run_guard.hpp). Either call may throw ItemAbandoned to stop the
// request: from before_attempt, nothing is sent; from after_attempt, the answer is not used.
class AttemptObserver {
 public:
  virtual ~AttemptObserver() = default;
  // With the endpoint's permit held, just before the attempt is sent.
  virtual void before_attempt(const AttemptStart& attempt) = 0;
  // After the attempt, before the client retries or returns. Not called when the attempt
  // ended by Interrupted (the run is stopping on a signal).
  virtual void after_attempt(const AttemptStart& attempt, const AttemptEnd& end) = 0;
};

struct ClientOptions {
  int global_max_in_flight = 256;
  std::uint64_t jitter_seed = 0;        // 0: seeded from the random device
  AttemptObserver* observer = nullptr;  // not owned; must outlive the client
};

// Counters per endpoint, for progress lines and the run manifest.
struct EndpointStats {
  std::string name;
  std::int64_t requests_sent = 0;  // HTTP requests, retries included
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;  // calls that ended in a Failure
  std::int64_t retries = 0;
  std::map<std::string, std::int64_t> retries_by_kind;  // failure kind of the attempt retried
  double backoff_seconds = 0;              // slept before retries, Retry-After included
  double server_rate_limited_seconds = 0;  // slept after 429 and 503
  double rate_limited_seconds = 0;         // that, plus held back by the endpoint's own rate limits
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  int in_flight = 0;
  int current_cap = 0;
  int backing_off = 0;     // requests sleeping before a retry now
  std::string waiting_on;  // the rate limit holding requests back now (http::EndpointGate)
};

class Client {
 public:
  Client(http::EventLoop& loop, std::vector<EndpointConfig> endpoints, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Throws std::out_of_range for an unknown endpoint name (a programming error: names are
  // validated with the config).
  const EndpointConfig& endpoint(const std::string& name) const;

  Task<Outcome<ChatResponse>> chat(const std::string& endpoint_name, ChatRequest request);
  // GET {base_url}/models for each base URL of the endpoint; the ids listed, or why not.
  Task<Outcome<std::vector<std::string>>> list_models(const std::string& endpoint_name);

  std::vector<EndpointStats> stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace pogen::llm
