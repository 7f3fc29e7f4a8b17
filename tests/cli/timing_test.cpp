// The times records.jsonl gives each answer and review, end to end on the fake endpoint: the
// exchange (latency_ms), the wait in pogen's own queue (queue_ms) and the failed attempts with
// their backoff (retry_ms) are measured apart. Structural assertions only: no wall-clock bounds.

#include <catch2/catch.hpp>

#include "dataset_test_support.hpp"

using nlohmann::json;
using namespace pogen::cli::testing;

namespace {

struct Times {
  double latency = 0;
  double queue = 0;
  double retry = 0;
  int answers = 0;
  int retried = 0;  // answers whose request failed at least once first
};

void add(Times& times, const json& answer) {
  times.latency += answer.at("latency_ms").get<double>();
  times.queue += answer.at("queue_ms").get<double>();
  const double retry = answer.at("retry_ms").get<double>();
  times.retry += retry;
  ++times.answers;
  if (retry > 0) ++times.retried;
}

// Every candidate and every review of every record.
Times times_in(const std::string& records) {
  Times times;
  for (const auto& record : read_jsonl(records)) {
    for (const auto& candidate : record.at("generation").at("candidates")) {
      add(times, candidate);
      for (const auto& review : candidate.at("reviews")) add(times, review);
    }
  }
  return times;
}

}  // namespace

TEST_CASE("records.jsonl keeps the exchange, the queueing and the retries apart",
          "[cli][build-dataset][timing]") {
  TempDir dir;
  // One request at a time for four items in flight: most of each request's time is queueing.
  // A 500 on about a third of the attempts, retried after at most 50 ms.
  const std::string endpoint_keys =
      "{latency_ms: 20, rate_500: 0.3, seed: 3}, "
      "retry: {base: 0.05, cap: 0.05}";
  auto config =
      dir.write("config.yaml", dataset_config(endpoint_keys, "", "client:\n  max_in_flight: 1\n"));
  dir.write("prompts.jsonl", prompt_lines(4));
  const std::string out = dir.write("unused", "") + "-run";

  auto run = run_pogen({"build-dataset", "--config", config, "--out", out, "--quiet"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);

  const Times times = times_in(out + "/records.jsonl");
  CHECK(times.answers == 4 * (3 + 2));  // three answers and two reviews per item
  // With one request sent at a time, the others of the four items wait their turn.
  CHECK(times.queue > times.latency);
  // Some answers came after a 500: their failed attempts and backoff are retry_ms.
  CHECK(times.retried > 0);
  CHECK(times.retry > 0);
  CHECK(times.retried < times.answers);
}
