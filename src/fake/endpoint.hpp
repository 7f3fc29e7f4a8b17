#pragma once
// The built-in fake OpenAI endpoint (base_url: fake): a loopback HTTP server that answers
// POST /v1/chat/completions with fake_reply() text and GET /v1/models, validates requests like
// a real server, and injects latency and faults (429, 500, a connection dropped mid-body) at
// seeded rates. It lets CI, tests and benchmarks run the whole pipeline with no model at all.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "llm/endpoint.hpp"

namespace pogen::llm {

struct FakeRequestRecord {
  std::string method;
  std::string path;
  std::string body;
};

class FakeEndpointServer {
 public:
  // Binds 127.0.0.1 on a free port and serves on its own threads until destroyed. `models` are
  // listed by GET /v1/models, with "fake-model" and every model a request named. `connections`
  // is the most connections clients will hold open at once: each keep-alive connection occupies
  // one server thread, so the server runs that many (at least kMinThreads), or requests on the
  // connections beyond would wait for an idle one to time out.
  explicit FakeEndpointServer(FakeSettings settings, std::vector<std::string> models = {},
                              std::size_t connections = 0);
  static constexpr std::size_t kMinThreads = 64;
  ~FakeEndpointServer();
  FakeEndpointServer(const FakeEndpointServer&) = delete;
  FakeEndpointServer& operator=(const FakeEndpointServer&) = delete;

  int port() const;
  std::string base_url() const;  // http://127.0.0.1:<port>/v1

  // Every request received, whatever the answer.
  std::int64_t request_count() const;
  // The most recent requests (at most kLogCapacity), oldest first. Bounded so that a long
  // benchmark against a fake endpoint keeps flat memory.
  std::vector<FakeRequestRecord> requests() const;
  static constexpr std::size_t kLogCapacity = 4096;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

using FakeEndpointServers = std::vector<std::unique_ptr<FakeEndpointServer>>;

// Starts one fake server per distinct FakeSettings among the endpoints whose base_urls are
// {"fake"}, and points those endpoints at it. The servers stop when the result is destroyed.
FakeEndpointServers start_fake_endpoints(std::vector<EndpointConfig>& endpoints);

}  // namespace pogen::llm
