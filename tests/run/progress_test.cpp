#include "run/progress.hpp"

#include <catch2/catch.hpp>

using pogen::cli::progress_line;
using pogen::cli::ProgressSnapshot;

TEST_CASE("the progress line names failed requests by kind and what the run waits on",
          "[progress]") {
  ProgressSnapshot s;
  s.done = 3;
  s.total = 500;
  s.requests = 40;
  s.tokens = 12'000;
  s.failures = 1;
  CHECK(progress_line(s, 10) ==
        "items 3/500 | in flight 0 | 4.0 req/s | 1.2k tok/s | failures 1 | ETA 27m37s");
  s.request_failures = {{"rate_limited", 4}, {"timeout", 1}};
  s.waiting = {"judge requests_per_minute 50", "gen 2 requests before a retry"};
  CHECK(progress_line(s, 10) ==
        "items 3/500 | in flight 0 | 4.0 req/s | 1.2k tok/s | failures 1 (requests: "
        "rate_limited 4, timeout 1) | ETA 27m37s | waiting: judge requests_per_minute 50, gen 2 "
        "requests before a retry");
}
