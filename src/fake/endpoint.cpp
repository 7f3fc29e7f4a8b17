#include "fake/endpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "chat/chat.hpp"
#include "fake/responder.hpp"
#include "llm/protocol.hpp"

namespace pogen::llm {

namespace {

using nlohmann::json;

constexpr const char* kFakeModel = "fake-model";
constexpr std::int64_t kCreated = 1'700'000'000;  // fixed, so answers are byte-identical
constexpr int kMaxN = 128;
constexpr std::int64_t kMaxTopLogprobs = 20;  // OpenAI's cap
// Each keep-alive connection holds a thread of cpp-httplib's pool while it is open, so the pool
// must be larger than the number of connections a client keeps (the default is 8).

enum class Fault { none, rate_limited, server_error, drop };

struct Problem {
  std::string message;
  std::string param;
};

std::int64_t approx_tokens(std::string_view text) {
  std::int64_t chars = 0;
  for (const char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return (chars + 3) / 4;
}

bool is_positive_integer(const json& value, std::int64_t max) {
  return value.is_number_integer() && value.get<std::int64_t>() >= 1 &&
         value.get<std::int64_t>() <= max;
}

std::optional<Problem> validate_message(const json& message, const std::string& path) {
  if (!message.is_object()) return Problem{path + ": expected an object", path};
  const auto role = message.find("role");
  if (role == message.end() || !role->is_string() || !parse_enum<Role>(role->get<std::string>())) {
    return Problem{path + ".role: expected one of system, user, assistant", path + ".role"};
  }
  const auto content = message.find("content");
  if (content == message.end() || !content->is_string()) {
    return Problem{path + ".content: expected a string", path + ".content"};
  }
  return std::nullopt;
}

// What a real server rejects with 400 before generating anything.
std::optional<Problem> validate(const json& body) {
  if (body.is_discarded()) return Problem{"We could not parse the JSON body of your request.", ""};
  if (!body.is_object()) return Problem{"The request body must be a JSON object.", ""};
  const auto model = body.find("model");
  if (model == body.end()) return Problem{"you must provide a model parameter", "model"};
  if (!model->is_string()) return Problem{"model: expected a string", "model"};
  const auto messages = body.find("messages");
  if (messages == body.end() || !messages->is_array() || messages->empty()) {
    return Problem{"messages: expected a non-empty array", "messages"};
  }
  for (std::size_t i = 0; i < messages->size(); ++i) {
    auto problem = validate_message((*messages)[i], "messages[" + std::to_string(i) + "]");
    if (problem) return problem;
  }
  if (body.contains("n") && !is_positive_integer(body["n"], kMaxN)) {
    return Problem{"n: expected an integer from 1 to " + std::to_string(kMaxN), "n"};
  }
  for (const char* key : {"max_tokens", "max_completion_tokens"}) {
    if (body.contains(key) && !is_positive_integer(body[key], INT32_MAX)) {
      return Problem{std::string(key) + ": expected a positive integer", key};
    }
  }
  // OpenAI's rules: logprobs a boolean, top_logprobs 0..20 and only with logprobs: true.
  if (body.contains("logprobs") && !body["logprobs"].is_boolean()) {
    return Problem{"logprobs: expected a boolean", "logprobs"};
  }
  if (body.contains("top_logprobs")) {
    const json& top = body["top_logprobs"];
    if (!top.is_number_integer() || top.get<std::int64_t>() < 0 ||
        top.get<std::int64_t>() > kMaxTopLogprobs) {
      return Problem{"top_logprobs: expected an integer from 0 to 20", "top_logprobs"};
    }
    if (!body.value("logprobs", false)) {
      return Problem{"top_logprobs: logprobs must be set to true if top_logprobs is used",
                     "top_logprobs"};
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> max_tokens_of(const json& body) {
  for (const char* key : {"max_tokens", "max_completion_tokens"}) {
    if (body.contains(key)) return body[key].get<std::int64_t>();
  }
  return std::nullopt;
}

json completion(const json& body, const FakeSettings& settings) {
  const int n = body.value("n", 1);
  const std::optional<std::int64_t> max_tokens = max_tokens_of(body);
  json choices = json::array();
  std::int64_t completion_tokens = 0;
  for (int i = 0; i < n; ++i) {
    std::string text = fake_reply(body, i, settings);
    const char* finish_reason = "stop";
    // About four bytes a token: cut there, on a character boundary, like a server stopping at
    // max_tokens.
    if (max_tokens && text.size() > static_cast<std::size_t>(*max_tokens) * 4) {
      text = std::string(utf8_prefix(text, static_cast<std::size_t>(*max_tokens) * 4));
      finish_reason = "length";
    }
    completion_tokens += approx_tokens(text);
    json logprobs = nullptr;
    if (body.value("logprobs", false)) {
      logprobs = fake_logprobs(text, body.value("top_logprobs", 0), fake_request_hash(body, i));
    }
    choices.push_back({{"index", i},
                       {"message", {{"role", "assistant"}, {"content", std::move(text)}}},
                       {"logprobs", std::move(logprobs)},
                       {"finish_reason", finish_reason}});
  }
  std::int64_t prompt_tokens = 0;
  for (const json& message : body["messages"]) {
    prompt_tokens += approx_tokens(message["content"].get_ref<const std::string&>());
  }
  char id[32];
  std::snprintf(id, sizeof id, "%016llx",
                static_cast<unsigned long long>(fake_request_hash(body, -1)));
  return {{"id", std::string("chatcmpl-fake-") + id},
          {"object", "chat.completion"},
          {"created", kCreated},
          {"model", body["model"]},
          {"choices", std::move(choices)},
          {"usage",
           {{"prompt_tokens", prompt_tokens},
            {"completion_tokens", completion_tokens},
            {"total_tokens", prompt_tokens + completion_tokens}}}};
}

void send_error(httplib::Response& res, int status, const std::string& message, const char* type,
                const std::string& param, const char* code) {
  const json error = {{"message", message},
                      {"type", type},
                      {"param", param.empty() ? json() : json(param)},
                      {"code", code == nullptr ? json() : json(code)}};
  res.status = status;
  res.set_content(json{{"error", error}}.dump(), "application/json");
}

// Announces the whole body in Content-Length, sends half of it, then gives up: cpp-httplib
// closes the connection, and the client sees a body cut short.
void send_truncated(httplib::Response& res, std::string payload) {
  auto shared = std::make_shared<std::string>(std::move(payload));
  res.set_content_provider(shared->size(), "application/json",
                           [shared](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                             if (offset == 0) sink.write(shared->data(), shared->size() / 2);
                             return false;
                           });
}

std::uint64_t mix(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

bool same_settings(const FakeSettings& a, const FakeSettings& b) {
  return a.latency == b.latency && a.rate_429 == b.rate_429 && a.rate_500 == b.rate_500 &&
         a.rate_drop == b.rate_drop && a.seed == b.seed &&
         a.judge_malformed_rate == b.judge_malformed_rate &&
         a.judge_follows_injections == b.judge_follows_injections;
}

// A testing hook for crash-safety tests: with POGEN_FAKE_REQUEST_LOG set, every request the fake
// answers successfully is appended to that file as "<pid> <request hash>", one write per line
// (O_APPEND), so runs that are killed and resumed leave one log to check for re-sent requests.
void append_to_request_log(const json& body) {
  static const int fd = [] {
    const char* path = std::getenv("POGEN_FAKE_REQUEST_LOG");
    return path && *path ? ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
  }();
  if (fd < 0) return;
  const std::string line =
      std::to_string(::getpid()) + " " + std::to_string(fake_request_hash(body, -3)) + "\n";
  [[maybe_unused]] auto written = ::write(fd, line.data(), line.size());
}

}  // namespace

struct FakeEndpointServer::State {
  FakeSettings settings;
  std::size_t threads = kMinThreads;
  httplib::Server server;
  std::thread thread;
  std::atomic<bool> listen_returned = false;
  int port = 0;

  mutable std::mutex mutex;
  std::vector<std::string> models;
  std::deque<FakeRequestRecord> log;
  std::int64_t count = 0;
  // Times each request content was seen: the fault dice of a request depend on its content and
  // attempt number only, so a run is reproducible whatever order concurrent requests arrive in.
  std::unordered_map<std::uint64_t, std::uint64_t> attempts;

  void record(const httplib::Request& req) {
    std::lock_guard lock(mutex);
    ++count;
    log.push_back({req.method, req.path, req.body});
    if (log.size() > kLogCapacity) log.pop_front();
  }

  void note_model(const std::string& model) {
    std::lock_guard lock(mutex);
    if (std::find(models.begin(), models.end(), model) == models.end()) models.push_back(model);
  }

  Fault roll(const json& body) {
    const double total = settings.rate_429 + settings.rate_500 + settings.rate_drop;
    if (total <= 0) return Fault::none;
    const std::uint64_t key = fake_request_hash(body, -2);
    std::uint64_t attempt = 0;
    {
      std::lock_guard lock(mutex);
      attempt = attempts[key]++;
    }
    const std::uint64_t bits = mix(key ^ mix(static_cast<std::uint64_t>(settings.seed) + attempt));
    const double u = static_cast<double>(bits >> 11) * 0x1.0p-53;  // uniform in [0, 1)
    if (u < settings.rate_429) return Fault::rate_limited;
    if (u < settings.rate_429 + settings.rate_500) return Fault::server_error;
    if (u < total) return Fault::drop;
    return Fault::none;
  }

  void handle_chat(const httplib::Request& req, httplib::Response& res) {
    if (settings.latency.count() > 0) std::this_thread::sleep_for(settings.latency);
    const json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (const auto problem = validate(body)) {
      send_error(res, 400, problem->message, "invalid_request_error", problem->param, nullptr);
      return;
    }
    note_model(body["model"].get<std::string>());
    switch (roll(body)) {
      case Fault::rate_limited:
        res.set_header("Retry-After", "1");
        send_error(res, 429, "Rate limit reached (simulated by the fake endpoint).", "requests", "",
                   "rate_limit_exceeded");
        return;
      case Fault::server_error:
        send_error(res, 500, "Internal error (simulated by the fake endpoint).", "server_error", "",
                   nullptr);
        return;
      case Fault::drop:
        send_truncated(res, completion(body, settings).dump());
        return;
      case Fault::none:
        break;
    }
    append_to_request_log(body);
    res.set_content(completion(body, settings).dump(), "application/json");
  }

  void handle_models(httplib::Response& res) const {
    json data = json::array();
    {
      std::lock_guard lock(mutex);
      for (const auto& model : models) {
        data.push_back(
            {{"id", model}, {"object", "model"}, {"created", kCreated}, {"owned_by", "pogen"}});
      }
    }
    res.set_content(json{{"object", "list"}, {"data", std::move(data)}}.dump(), "application/json");
  }

  void route() {
    server.new_task_queue = [this] { return new httplib::ThreadPool(threads); };
    // Requests are recorded in the handlers, not before routing: cpp-httplib reads the body
    // only after its pre-routing handler has run.
    server.Post("/v1/chat/completions",
                [this](const httplib::Request& req, httplib::Response& res) {
                  record(req);
                  handle_chat(req, res);
                });
    server.Get("/v1/models", [this](const httplib::Request& req, httplib::Response& res) {
      record(req);
      handle_models(res);
    });
    // Called for every status >= 400; only a 404 with no body is an unknown URL.
    server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (res.status == 404 && res.body.empty()) {
        record(req);
        send_error(res, 404, "Unknown request URL: " + req.method + " " + req.path + ".",
                   "invalid_request_error", "", "unknown_url");
      }
    });
  }
};

FakeEndpointServer::FakeEndpointServer(FakeSettings settings, std::vector<std::string> models,
                                       std::size_t connections)
    : state_(std::make_unique<State>()) {
  State& state = *state_;
  state.settings = settings;
  // A little headroom over the clients' caps (connections being closed and reopened), and a
  // ceiling: a cap of 100000 in flight is a wish, not a plan for 100000 threads.
  constexpr std::size_t kMaxThreads = 1024;
  state.threads = std::clamp(connections + connections / 4, kMinThreads, kMaxThreads);
  for (auto& model : models) state.note_model(model);
  state.note_model(kFakeModel);
  state.route();
  state.port = state.server.bind_to_any_port("127.0.0.1");
  if (state.port <= 0) throw std::runtime_error("fake endpoint: cannot bind 127.0.0.1");
  state.thread = std::thread([&state] {
    state.server.listen_after_bind();
    state.listen_returned = true;
  });
  // stop() is a no-op until the server runs: wait, so that the destructor always stops it.
  while (!state.server.is_running() && !state.listen_returned) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
}

FakeEndpointServer::~FakeEndpointServer() {
  state_->server.stop();
  if (state_->thread.joinable()) state_->thread.join();
}

int FakeEndpointServer::port() const { return state_->port; }

std::string FakeEndpointServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(state_->port) + "/v1";
}

std::int64_t FakeEndpointServer::request_count() const {
  std::lock_guard lock(state_->mutex);
  return state_->count;
}

std::vector<FakeRequestRecord> FakeEndpointServer::requests() const {
  std::lock_guard lock(state_->mutex);
  return {state_->log.begin(), state_->log.end()};
}

FakeEndpointServers start_fake_endpoints(std::vector<EndpointConfig>& endpoints) {
  std::vector<std::pair<FakeSettings, std::vector<EndpointConfig*>>> groups;
  for (EndpointConfig& endpoint : endpoints) {
    if (!endpoint.is_fake()) continue;
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& g) { return same_settings(g.first, endpoint.fake); });
    if (group == groups.end()) group = groups.insert(groups.end(), {endpoint.fake, {}});
    group->second.push_back(&endpoint);
  }
  FakeEndpointServers servers;
  for (auto& [settings, members] : groups) {
    std::vector<std::string> models;
    std::size_t connections = 0;
    for (const EndpointConfig* member : members) {
      models.push_back(member->model);
      connections += static_cast<std::size_t>(member->limits.max_in_flight);
    }
    servers.push_back(
        std::make_unique<FakeEndpointServer>(settings, std::move(models), connections));
    for (EndpointConfig* member : members) member->base_urls = {servers.back()->base_url()};
  }
  return servers;
}

}  // namespace pogen::llm
