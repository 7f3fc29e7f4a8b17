#include "llm/client.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/diagnostics.hpp"
#include "http/event_loop.hpp"
#include "http/gate.hpp"
#include "http/retry_policy.hpp"
#include "http/url_picker.hpp"
#include "llm/json_text.hpp"
#include "llm/protocol.hpp"

namespace pogen::llm {

namespace {

struct Endpoint {
  Endpoint(http::EventLoop& loop, http::GlobalCap& global, EndpointConfig endpoint_config,
           std::vector<std::string> auth_and_extra_headers)
      : config(std::move(endpoint_config)),
        headers(std::move(auth_and_extra_headers)),
        gate(loop, global,
             {config.limits.max_in_flight, config.limits.requests_per_minute,
              config.limits.tokens_per_minute}),
        urls(config.base_urls),
        retry{config.retry.base, config.retry.cap, config.retry.max_retries} {
    stats.name = config.name;
  }

  EndpointConfig config;
  std::vector<std::string> headers;  // "Name: value", the key included; never logged
  http::EndpointGate gate;
  http::UrlPicker urls;
  http::RetryPolicy retry;
  EndpointStats stats;
};

// One logical request, sent as many times as the retry policy allows.
struct Send {
  const char* method = "POST";
  const char* path = "";
  std::string body;
  std::int64_t estimated_tokens = 0;
  std::optional<std::size_t> fixed_url;  // a given base URL instead of the least loaded one
  TokenBounds bounds;                    // for the observer's caps; zero for GET /models
};

// Either the 2xx response that ended the retries, or the failure that did; and where the time
// went, on the loop's clock.
struct Exchange {
  std::optional<http::HttpResponse> response;
  Failure failure;
  int attempts = 0;
  Duration answered_in{};  // the exchange that answered: sent to read
  Duration queued{};       // waiting at the gate, every attempt
  Duration retrying{};     // failed exchanges and backoff sleeps
};

double to_ms(Duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The key is read once, here; it lives only in the Authorization header afterwards.
std::vector<std::string> fixed_headers(const EndpointConfig& config) {
  std::vector<std::string> headers;
  if (!config.api_key_env.empty()) {
    const char* key = std::getenv(config.api_key_env.c_str());
    if (key == nullptr || *key == '\0') {
      throw FatalError("endpoint \"" + config.name + "\": environment variable " +
                       config.api_key_env + " (api_key_env) is not set or is empty");
    }
    headers.push_back(std::string("Authorization: Bearer ") + key);
  }
  for (const auto& [name, value] : config.headers) headers.push_back(name + ": " + value);
  return headers;
}

bool is_success(const http::HttpResponse& response) {
  return !response.transport_failed() && response.status >= 200 && response.status < 300;
}

// connection, timeout and 5xx failures count against a base URL; 4xx are the request's fault.
bool is_hard_failure(const http::HttpResponse& response) {
  return response.transport_failed() || response.status >= 500;
}

Outcome<std::vector<std::string>> parse_model_list(const std::string& body) {
  auto malformed = [](std::string message) {
    return Failure{FailureKind::malformed_response, 0, std::move(message), 1};
  };
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded()) return malformed("body is not JSON");
  if (!json.is_object()) return malformed("body: expected an object");
  auto data = json.find("data");
  if (data == json.end()) return malformed("data: missing");
  if (!data->is_array()) return malformed("data: expected an array");
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < data->size(); ++i) {
    const nlohmann::json& model = (*data)[i];
    std::string where = "data[" + std::to_string(i) + "]";
    if (!model.is_object()) return malformed(where + ": expected an object");
    auto id = model.find("id");
    if (id == model.end() || !id->is_string()) return malformed(where + ".id: expected a string");
    ids.push_back(id->get<std::string>());
  }
  return ids;
}

}  // namespace

struct Client::State {
  State(http::EventLoop& event_loop, const ClientOptions& options)
      : loop(event_loop),
        global(event_loop, options.global_max_in_flight),
        jitter(options.jitter_seed),
        observer(options.observer) {}

  Endpoint& find(const std::string& name) const {
    auto it = by_name.find(name);
    if (it == by_name.end()) throw std::out_of_range("unknown endpoint \"" + name + "\"");
    return *it->second;
  }

  http::HttpRequest make_request(const Endpoint& endpoint, std::size_t url, const Send& send) {
    http::HttpRequest request;
    request.method = send.method;
    request.url = endpoint.urls.url(url) + send.path;
    request.headers.reserve(endpoint.headers.size() + 1);
    if (request.method == "POST") request.headers.emplace_back("Content-Type: application/json");
    request.headers.insert(request.headers.end(), endpoint.headers.begin(), endpoint.headers.end());
    request.body = send.body;
    request.timeouts = endpoint.config.timeouts;
    return request;
  }

  Task<Exchange> exchange(Endpoint& endpoint, Send send);

  http::EventLoop& loop;
  http::GlobalCap global;
  http::Jitter jitter;
  AttemptObserver* observer;
  std::vector<std::unique_ptr<Endpoint>> endpoints;  // in configuration order
  std::unordered_map<std::string, Endpoint*> by_name;
};

namespace {
AttemptEnd attempt_end(const http::HttpResponse& response, const Classification* why) {
  AttemptEnd end;
  end.ok = why == nullptr;
  end.http_status = response.status;
  if (why != nullptr) {
    end.kind = why->kind;
    end.message = why->message;
    end.retryable = why->retryable;
  }
  return end;
}
}  // namespace

Task<Exchange> Client::State::exchange(Endpoint& endpoint, Send send) {
  Exchange result;
  const AttemptStart attempt{endpoint.config, send.bounds};
  for (int retry = 0;; ++retry) {
    http::HttpResponse response;
    Duration took{};
    {
      const TimePoint asked = loop.clock().now();
      // Held for the exchange only, never across a backoff sleep.
      http::Permit permit = co_await endpoint.gate.acquire(send.estimated_tokens);
      const TimePoint sent = loop.clock().now();
      result.queued += sent - asked;
      if (observer) observer->before_attempt(attempt);
      std::size_t url = send.fixed_url ? *send.fixed_url : endpoint.urls.pick(loop.clock().now());
      ++result.attempts;
      ++endpoint.stats.requests_sent;
      try {
        response = co_await loop.fetch(make_request(endpoint, url, send));
      } catch (...) {
        if (!send.fixed_url) endpoint.urls.finished(url, false, loop.clock().now());
        throw;
      }
      took = loop.clock().now() - sent;
      if (!send.fixed_url)
        endpoint.urls.finished(url, is_hard_failure(response), loop.clock().now());
    }
    if (is_success(response)) {
      endpoint.gate.on_success();
      result.answered_in = took;
      if (observer) observer->after_attempt(attempt, attempt_end(response, nullptr));
      result.response = std::move(response);
      co_return result;
    }
    result.retrying += took;
    Classification why = classify_failure(response);
    if (observer) observer->after_attempt(attempt, attempt_end(response, &why));
    if (why.kind == FailureKind::rate_limited || why.kind == FailureKind::overloaded) {
      endpoint.gate.on_overloaded();
    }
    if (!why.retryable || retry >= endpoint.retry.max_retries) {
      result.failure = {why.kind, response.status, std::move(why.message), result.attempts};
      co_return result;
    }
    auto asked = http::parse_retry_after(response, std::chrono::system_clock::now());
    Duration delay = asked ? *asked : http::full_jitter_delay(endpoint.retry, retry, jitter.next());
    ++endpoint.stats.retries;
    ++endpoint.stats.retries_by_kind[name_of(why.kind)];
    const double backoff = std::chrono::duration<double>(delay).count();
    endpoint.stats.backoff_seconds += backoff;
    if (why.kind == FailureKind::rate_limited || why.kind == FailureKind::overloaded) {
      endpoint.stats.server_rate_limited_seconds += backoff;
    }
    spdlog::debug("{}: attempt {} failed ({}); retrying in {} ms", endpoint.config.name,
                  result.attempts, why.message,
                  std::chrono::duration_cast<std::chrono::milliseconds>(delay).count());
    const TimePoint slept = loop.clock().now();
    ++endpoint.stats.backing_off;
    try {
      co_await loop.sleep_for(delay);
    } catch (...) {
      --endpoint.stats.backing_off;
      throw;
    }
    --endpoint.stats.backing_off;
    result.retrying += loop.clock().now() - slept;
  }
}

Client::Client(http::EventLoop& loop, std::vector<EndpointConfig> endpoints, ClientOptions options)
    : state_(std::make_unique<State>(loop, options)) {
  for (auto& config : endpoints) {
    if (config.is_fake()) {
      throw std::invalid_argument("endpoint \"" + config.name +
                                  "\": base_url fake must be started (start_fake_endpoints) "
                                  "before the client is made");
    }
    if (state_->by_name.count(config.name) != 0) {
      throw std::invalid_argument("duplicate endpoint name \"" + config.name + "\"");
    }
    auto headers = fixed_headers(config);
    auto endpoint =
        std::make_unique<Endpoint>(loop, state_->global, std::move(config), std::move(headers));
    state_->by_name.emplace(endpoint->config.name, endpoint.get());
    state_->endpoints.push_back(std::move(endpoint));
  }
}

Client::~Client() = default;

const EndpointConfig& Client::endpoint(const std::string& name) const {
  return state_->find(name).config;
}

Task<Outcome<ChatResponse>> Client::chat(const std::string& endpoint_name, ChatRequest request) {
  Endpoint& endpoint = state_->find(endpoint_name);
  Send send{"POST",
            "/chat/completions",
            json_text(build_chat_body(endpoint.config, request)),
            estimate_tokens(request),
            std::nullopt,
            token_bounds(request)};
  const std::int64_t estimated = send.estimated_tokens;
  Exchange done = co_await state_->exchange(endpoint, std::move(send));
  if (!done.response) {
    ++endpoint.stats.failed;
    co_return std::move(done.failure);
  }
  Outcome<ChatResponse> parsed = parse_chat_response(done.response->body);
  if (!parsed.ok()) {
    // A malformed answer is not retried: the same server would most likely send it again.
    Failure failure = parsed.failure();
    failure.http_status = done.response->status;
    failure.attempts = done.attempts;
    ++endpoint.stats.failed;
    co_return failure;
  }
  ChatResponse& response = parsed.value();
  response.latency_ms = to_ms(done.answered_in);
  response.queue_ms = to_ms(done.queued);
  response.retry_ms = to_ms(done.retrying);
  const Usage& usage = response.usage;
  endpoint.gate.correct_tokens(usage.total_tokens - estimated);
  endpoint.stats.prompt_tokens += usage.prompt_tokens;
  endpoint.stats.completion_tokens += usage.completion_tokens;
  ++endpoint.stats.succeeded;
  co_return std::move(parsed);
}

Task<Outcome<std::vector<std::string>>> Client::list_models(const std::string& endpoint_name) {
  Endpoint& endpoint = state_->find(endpoint_name);
  std::vector<std::string> ids;
  for (std::size_t url = 0; url < endpoint.urls.size(); ++url) {
    const std::string where = "GET " + endpoint.urls.url(url) + "/models: ";
    // A named argument: GCC 12 frees a braced temporary's members twice when it initialises a
    // coroutine parameter.
    Send send{"GET", "/models", {}, 0, url, {}};
    Exchange done = co_await state_->exchange(endpoint, std::move(send));
    Outcome<std::vector<std::string>> listed =
        done.response ? parse_model_list(done.response->body) : done.failure;
    if (!listed.ok()) {
      Failure failure = listed.failure();
      failure.message = where + failure.message;
      failure.attempts = done.attempts;
      if (done.response) failure.http_status = done.response->status;
      ++endpoint.stats.failed;
      co_return failure;
    }
    for (auto& id : listed.value()) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    }
  }
  ++endpoint.stats.succeeded;
  co_return ids;
}

std::vector<EndpointStats> Client::stats() const {
  std::vector<EndpointStats> all;
  all.reserve(state_->endpoints.size());
  for (const auto& endpoint : state_->endpoints) {
    EndpointStats stats = endpoint->stats;
    stats.in_flight = endpoint->gate.in_flight();
    stats.current_cap = endpoint->gate.current_cap();
    stats.waiting_on = endpoint->gate.waiting_on();
    stats.rate_limited_seconds =
        stats.server_rate_limited_seconds +
        std::chrono::duration<double>(endpoint->gate.rate_limited_for()).count();
    all.push_back(std::move(stats));
  }
  return all;
}

}  // namespace pogen::llm
