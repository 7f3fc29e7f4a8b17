#pragma once
// Progress of a long run on stderr. On a terminal: one status line rewritten in place twice a
// second. Elsewhere (cron, CI, a pipe): a plain log line every 10 seconds. Quiet: nothing.
//
//   items 120/500 | in flight 64 | 35.2 req/s | 9.1k tok/s | failures 2 | ETA 3m05s
//   items 3/500 | in flight 0 | 0.8 req/s | 310 tok/s | failures 0 (requests: rate_limited 4)
//     | ETA 1h41m | waiting: judge requests_per_minute 50
//
// The failures are items that failed, and in brackets the requests that failed by kind as they
// happened (retried or not); "waiting" names what holds requests back when something does: a
// rate limit of an endpoint, or requests sleeping before a retry.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/task.hpp"
#include "http/event_loop.hpp"

namespace pogen::cli {

enum class ProgressMode { terminal, log, quiet };

// terminal when stderr is a TTY, log otherwise; quiet when asked.
ProgressMode progress_mode(bool quiet);

struct ProgressSnapshot {
  std::size_t done = 0;
  std::size_t total = 0;
  int in_flight = 0;
  std::int64_t requests = 0;                             // sent so far
  std::int64_t tokens = 0;                               // prompt + completion, so far
  std::size_t failures = 0;                              // failed items so far
  std::map<std::string, std::int64_t> request_failures;  // by failure kind
  std::vector<std::string> waiting;  // "judge requests_per_minute 50", "gen 3 retries"
};

// The status line for a snapshot taken `elapsed` seconds into the run.
std::string progress_line(const ProgressSnapshot& s, double elapsed_seconds);

// Prints progress until `finished` returns true (checked every quarter second).
Task<void> report_progress(http::EventLoop& loop, ProgressMode mode,
                           std::function<ProgressSnapshot()> snapshot,
                           std::function<bool()> finished);

}  // namespace pogen::cli
