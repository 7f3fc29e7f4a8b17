#pragma once
// Probing endpoints before they are used, all at once: reachable (GET /models), the model listed
// there, and a 1-token completion. `pogen check` prints every result; the pipeline commands
// probe the endpoints they will use before their first item and stop (exit 1) on a failure that
// no retry can fix, within seconds rather than after every item has failed.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "llm/client.hpp"
#include "llm/endpoint.hpp"

namespace pogen::cli {

struct ProbeResult {
  std::string endpoint;
  bool ok = false;
  // Cannot work as configured and no retry would change that: the server does not answer HTTP
  // (refused, silent past the timeout, not an OpenAI-compatible server), refuses the key, does
  // not list the model or does not know it. A failure that is not fatal (429, 5xx, a slow
  // completion) is worth a warning, not a refusal to start.
  bool fatal = false;
  std::string detail;
};

struct ProbeReport {
  std::vector<ProbeResult> results;  // in the order of the endpoints given
  std::vector<llm::EndpointStats> stats;
};

// Probes with no retries and at most `timeout` per request; an endpoint whose API key is not in
// the environment fails without a request.
ProbeReport probe_endpoints(std::vector<llm::EndpointConfig> endpoints,
                            std::chrono::milliseconds timeout);

}  // namespace pogen::cli
