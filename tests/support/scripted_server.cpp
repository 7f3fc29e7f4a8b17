#include "support/scripted_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/signals.hpp"

namespace pogen::testing {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string chat_body(const std::string& content, int prompt_tokens, int completion_tokens) {
  nlohmann::json body = {
      {"id", "chatcmpl-scripted"},
      {"object", "chat.completion"},
      {"created", 1700000000},
      {"model", "scripted-model"},
      {"choices",
       {{{"index", 0},
         {"message", {{"role", "assistant"}, {"content", content}}},
         {"finish_reason", "stop"}}}},
      {"usage",
       {{"prompt_tokens", prompt_tokens},
        {"completion_tokens", completion_tokens},
        {"total_tokens", prompt_tokens + completion_tokens}}},
  };
  return body.dump();
}

}  // namespace

ScriptedResponse chat_ok(const std::string& content, int prompt_tokens, int completion_tokens) {
  ScriptedResponse r;
  r.body = chat_body(content, prompt_tokens, completion_tokens);
  return r;
}

ScriptedResponse openai_error(int status, const std::string& type, const std::string& message) {
  ScriptedResponse r;
  r.status = status;
  r.body =
      nlohmann::json{{"error", {{"message", message}, {"type", type}, {"code", nullptr}}}}.dump();
  return r;
}

ScriptedResponse html_error(int status) {
  ScriptedResponse r;
  r.status = status;
  r.content_type = "text/html";
  r.body = "<html><head><title>" + std::to_string(status) +
           " Bad Gateway</title></head><body><center><h1>" + std::to_string(status) +
           " Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
  return r;
}

ScriptedResponse truncated_json() {
  ScriptedResponse r = chat_ok("this answer is cut short");
  r.body.resize(r.body.size() / 2);
  return r;
}

ScriptedResponse reset_mid_body() {
  ScriptedResponse r = chat_ok("this answer never arrives whole");
  r.fault = ScriptedResponse::Fault::reset_mid_body;
  return r;
}

ScriptedResponse slow_drip(std::chrono::milliseconds interval) {
  ScriptedResponse r = chat_ok("drip");
  r.fault = ScriptedResponse::Fault::slow_drip;
  r.drip_interval = interval;
  return r;
}

ScriptedResponse with_header(ScriptedResponse response, std::string name, std::string value) {
  response.headers.emplace_back(std::move(name), std::move(value));
  return response;
}

std::optional<std::string> ReceivedRequest::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return std::nullopt;
}

struct ScriptedServer::State {
  httplib::Server server;
  std::thread thread;
  std::atomic<bool> listen_ended{false};
  int port = 0;

  mutable std::mutex mutex;
  std::condition_variable stopping_cv;
  bool stopping = false;
  std::deque<ScriptedResponse> script;
  ScriptedResponse fallback =
      openai_error(500, "server_error", "scripted server: script exhausted");
  std::vector<ReceivedRequest> received;
  ScriptedServer::Responder responder;

  ScriptedResponse next(const httplib::Request& request) {
    ReceivedRequest record{request.method, request.path, {}, request.body, request.remote_port};
    for (const auto& [name, value] : request.headers)
      record.headers.emplace_back(lower(name), value);
    std::unique_lock lock(mutex);
    if (responder) {
      ScriptedServer::Responder respond = responder;
      received.push_back(record);
      lock.unlock();
      return respond(record);
    }
    received.push_back(std::move(record));
    if (script.empty()) return fallback;
    ScriptedResponse response = std::move(script.front());
    script.pop_front();
    return response;
  }

  // Sleeps unless the server is stopping; false when it is.
  bool pause(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex);
    return !stopping_cv.wait_for(lock, duration, [this] { return stopping; });
  }

  void serve(const httplib::Request& request, httplib::Response& response) {
    auto scripted = std::make_shared<ScriptedResponse>(next(request));
    response.status = scripted->status;
    for (const auto& [name, value] : scripted->headers) response.set_header(name, value);
    if (scripted->delay.count() == 0 && scripted->fault == ScriptedResponse::Fault::none) {
      response.set_content(scripted->body, scripted->content_type.c_str());
      return;
    }
    // A content provider runs after the status line and headers are on the wire, so the delay
    // and the faults happen in the body, as they do with a slow or dying model server.
    response.set_content_provider(
        scripted->body.size(), scripted->content_type.c_str(),
        [this, scripted](std::size_t offset, std::size_t, httplib::DataSink& sink) {
          if (offset == 0 && scripted->delay.count() > 0 && !pause(scripted->delay)) return false;
          const std::string& body = scripted->body;
          switch (scripted->fault) {
            case ScriptedResponse::Fault::reset_mid_body:
              sink.write(body.data(), body.size() / 2);
              return false;
            case ScriptedResponse::Fault::slow_drip:
              if (offset > 0 && !pause(scripted->drip_interval)) return false;
              sink.write(body.data() + offset, 1);
              return true;
            case ScriptedResponse::Fault::none:
              sink.write(body.data() + offset, body.size() - offset);
              return true;
          }
          return false;
        });
  }
};

ScriptedServer::ScriptedServer(std::vector<ScriptedResponse> script, int threads)
    : state_(std::make_unique<State>()) {
  // An aborted client makes the server write to a closed socket: EPIPE, not a dead test run.
  ignore_sigpipe();
  for (auto& response : script) state_->script.push_back(std::move(response));
  auto& server = state_->server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(100000);
  server.set_keep_alive_timeout(2);
  // Headers and body go out in separate writes; with Nagle each answer would wait for the
  // client's delayed ACK (40 ms).
  server.set_tcp_nodelay(true);
  auto handler = [state = state_.get()](const httplib::Request& request,
                                        httplib::Response& response) {
    state->serve(request, response);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  state_->port = server.bind_to_any_port("127.0.0.1");
  if (state_->port <= 0) throw std::runtime_error("scripted server: cannot bind 127.0.0.1");
  std::atomic<bool>& ended = state_->listen_ended;
  state_->thread = std::thread([&server, &ended] {
    server.listen_after_bind();
    ended = true;
  });
  // stop() does nothing until the accept loop runs, so a server destroyed at once would leave
  // its thread blocked in accept().
  while (!server.is_running() && !ended) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (ended) {
    state_->thread.join();
    throw std::runtime_error("scripted server: cannot listen on 127.0.0.1");
  }
}

ScriptedServer::~ScriptedServer() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->stopping_cv.notify_all();
  state_->server.stop();
  state_->thread.join();
}

int ScriptedServer::port() const { return state_->port; }

std::string ScriptedServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(state_->port) + "/v1";
}

void ScriptedServer::push(ScriptedResponse response) {
  std::lock_guard lock(state_->mutex);
  state_->script.push_back(std::move(response));
}

void ScriptedServer::set_fallback(ScriptedResponse response) {
  std::lock_guard lock(state_->mutex);
  state_->fallback = std::move(response);
}

void ScriptedServer::set_responder(Responder responder) {
  std::lock_guard lock(state_->mutex);
  state_->responder = std::move(responder);
}

std::vector<ReceivedRequest> ScriptedServer::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->received;
}

std::size_t ScriptedServer::request_count() const {
  std::lock_guard lock(state_->mutex);
  return state_->received.size();
}

std::string refused_base_url() {
  // Bind a port and close it again: nothing listens there afterwards.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("refused_base_url: cannot bind 127.0.0.1");
  }
  close(fd);
  return "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/v1";
}

}  // namespace pogen::testing
