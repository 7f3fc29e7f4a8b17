#pragma once
// What talking to endpoints needs, in the one order that works: the fake endpoints the config
// asks for (their addresses written into the endpoints), then the event loop, then the client.
// Destroyed the other way round: the client and the loop close their connections before the
// fake servers stop. A RunSession holds one; chat and check, which have no run directory, use
// one directly.

#include <vector>

#include "fake/endpoint.hpp"
#include "http/event_loop.hpp"
#include "llm/client.hpp"
#include "llm/endpoint.hpp"

namespace pogen::cli {

class ClientStack {
 public:
  ClientStack(std::vector<llm::EndpointConfig>& endpoints, const llm::ClientOptions& options = {})
      : fakes_(llm::start_fake_endpoints(endpoints)), client_(loop_, endpoints, options) {}
  ClientStack(const ClientStack&) = delete;
  ClientStack& operator=(const ClientStack&) = delete;

  http::EventLoop& loop() { return loop_; }
  llm::Client& client() { return client_; }
  const llm::Client& client() const { return client_; }

 private:
  llm::FakeEndpointServers fakes_;
  http::EventLoop loop_;
  llm::Client client_;
};

}  // namespace pogen::cli
