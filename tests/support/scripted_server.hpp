#pragma once
// A loopback fake OpenAI server for tests of the real HTTP client. It answers requests with a
// script, in arrival order (status, headers, body, a delay before the body, and faults), and
// logs every request it received for assertions. Binds 127.0.0.1 on a free port; stops cleanly
// (waking any delayed answer) in its destructor.
//
// Declare it before the EventLoop that talks to it: the loop, destroyed first, closes its
// kept-alive connections, so the server's workers end at once instead of at their idle timeout.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pogen::testing {

struct ScriptedResponse {
  enum class Fault {
    none,
    reset_mid_body,  // declares the whole body's length, sends half of it, drops the connection
    slow_drip,       // sends the body one byte per drip_interval
  };

  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // after the status line and headers, before the body
  Fault fault = Fault::none;
  std::chrono::milliseconds drip_interval{100};
};

// A valid chat completion with one choice.
ScriptedResponse chat_ok(const std::string& content = "hello", int prompt_tokens = 10,
                         int completion_tokens = 5);
// An OpenAI-style error body: {"error":{"message":...,"type":...,"code":null}}.
ScriptedResponse openai_error(int status, const std::string& type, const std::string& message);
// An HTML error page, as a proxy or load balancer sends one.
ScriptedResponse html_error(int status);
// 200 with a chat completion cut off in the middle of its JSON.
ScriptedResponse truncated_json();
ScriptedResponse reset_mid_body();
ScriptedResponse slow_drip(std::chrono::milliseconds interval);
ScriptedResponse with_header(ScriptedResponse response, std::string name, std::string value);

struct ReceivedRequest {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  int remote_port = 0;  // the client's side: the same port means a reused connection

  std::optional<std::string> header(std::string_view lower_name) const;
};

class ScriptedServer {
 public:
  explicit ScriptedServer(std::vector<ScriptedResponse> script = {}, int threads = 16);
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  int port() const;
  std::string base_url() const;  // http://127.0.0.1:<port>/v1

  // Appends to the script (thread-safe).
  void push(ScriptedResponse response);
  // Served once the script is used up; by default a 500 saying the script is exhausted.
  void set_fallback(ScriptedResponse response);
  // Answers every request by its content instead of the script (a replay of recorded answers,
  // where arrival order says nothing). Called on the server's worker threads, concurrently.
  using Responder = std::function<ScriptedResponse(const ReceivedRequest&)>;
  void set_responder(Responder responder);

  std::vector<ReceivedRequest> requests() const;
  std::size_t request_count() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A base URL on which nothing listens (connection refused).
std::string refused_base_url();

}  // namespace pogen::testing
