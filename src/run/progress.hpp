#pragma once
// Progress of a long run on stderr. On a terminal: one status line rewritten in place twice a
// second. Elsewhere (cron, CI, a pipe): a plain log line every 10 seconds. Quiet: nothing.
//
//   items 120/500 | in flight 64 | 35.2 req/s | 9.1k tok/s | failures 2 | ETA 3m05s

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

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
  std::int64_t requests = 0;  // sent so far
  std::int64_t tokens = 0;    // prompt + completion, so far
  std::size_t failures = 0;   // failed items so far
};

// The status line for a snapshot taken `elapsed` seconds into the run.
std::string progress_line(const ProgressSnapshot& s, double elapsed_seconds);

// Prints progress until `finished` returns true (checked every quarter second).
Task<void> report_progress(http::EventLoop& loop, ProgressMode mode,
                           std::function<ProgressSnapshot()> snapshot,
                           std::function<bool()> finished);

}  // namespace pogen::cli
