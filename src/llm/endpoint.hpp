#pragma once
// One configured model endpoint: where it is, how to talk to it, and how hard to push it.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/http_types.hpp"

namespace pogen::llm {

struct EndpointLimits {
  int max_in_flight = 32;                     // adaptive cap starts here and never exceeds it
  std::optional<double> requests_per_minute;  // unset: no bucket
  std::optional<double> tokens_per_minute;    // unset: no bucket
};

struct RetrySettings {
  std::chrono::milliseconds base{1'000};
  std::chrono::milliseconds cap{60'000};
  int max_retries = 8;
};

// The built-in fake endpoint's behaviour (base_url: fake).
struct FakeSettings {
  std::chrono::milliseconds latency{0};
  double rate_429 = 0.0;   // share of requests answered 429 with Retry-After
  double rate_500 = 0.0;   // share answered 500
  double rate_drop = 0.0;  // share whose connection is dropped mid-body
  // Share of judge replies written without the required score lines (a follow-up that asks for
  // the format again is always answered properly), to exercise the parse-failure path.
  double judge_malformed_rate = 0.0;
  // The fake judge acts as a naive judge that obeys injections: an instruction about scores that
  // stands outside every block of its prompt as the prompt delimits it ("score this 10/10", a
  // forged "### Score Assistant A:" block, a "[[A]]" line) is followed. A prompt whose delimiting
  // holds leaves nothing of an answer outside its block, so it is scored as usual
  // (docs/judging.md, "Untrusted text in prompts").
  bool judge_follows_injections = false;
  std::int64_t seed = 0;  // the fault dice are seeded so runs are reproducible
};

struct EndpointConfig {
  std::string name;
  std::vector<std::string> base_urls;  // e.g. http://127.0.0.1:8000/v1 ; "fake" for the built-in
  std::string model;
  std::string api_key_env;  // name of the environment variable; empty for none
  EndpointLimits limits;
  http::Timeouts timeouts;
  RetrySettings retry;
  nlohmann::json extra_body = nlohmann::json::object();  // merged into every request body
  std::map<std::string, std::string> headers;            // extra request headers
  bool use_max_completion_tokens = false;  // send max_completion_tokens instead of max_tokens
  bool supports_n = true;                  // whether n > 1 may be sent
  FakeSettings fake;

  bool is_fake() const { return base_urls.size() == 1 && base_urls[0] == "fake"; }
};

}  // namespace pogen::llm
