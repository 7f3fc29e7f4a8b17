#include "run/ordered_runner.hpp"

#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include "core/interrupted.hpp"
#include "core/sync_wait.hpp"

using pogen::ItemAbandoned;
using pogen::Task;
using pogen::pipeline::OrderedRun;
using pogen::pipeline::run_in_order;

namespace {

Task<int> echo(int i) {
  if (i == 1) throw ItemAbandoned();
  co_return i;
}

OrderedRun<int, int> five_items(std::vector<int>& emitted, int& next) {
  OrderedRun<int, int> run;
  run.next = [&next]() -> std::optional<int> {
    if (next == 5) return std::nullopt;
    return next++;
  };
  run.work = [](int i) { return echo(i); };
  run.emit = [&emitted](int i) { emitted.push_back(i); };
  run.window = 2;
  return run;
}

}  // namespace

TEST_CASE("an abandoned item is left out and the run goes on", "[ordered-runner]") {
  std::vector<int> emitted;
  int next = 0;
  pogen::sync_wait(run_in_order(five_items(emitted, next)));
  CHECK(emitted == std::vector<int>{0, 2, 3, 4});
}

TEST_CASE("an output that cannot be written ends the run with its error, not a stall",
          "[ordered-runner]") {
  // A full disk: the emit of the third item throws.
  std::vector<int> emitted;
  int next = 0;
  auto run = five_items(emitted, next);
  run.emit = [&emitted](int i) {
    if (i == 3) throw std::runtime_error("No space left on device");
    emitted.push_back(i);
  };
  CHECK_THROWS_WITH(pogen::sync_wait(run_in_order(std::move(run))), "No space left on device");
  CHECK(emitted == std::vector<int>{0, 2});
  CHECK(next < 5);  // reading stopped
}

TEST_CASE("a read that throws ends the run with its error once the items under way end",
          "[ordered-runner]") {
  std::vector<int> emitted;
  int next = 0;
  auto run = five_items(emitted, next);
  run.next = [&next]() -> std::optional<int> {
    if (next == 3) throw std::runtime_error("cannot write rejects.jsonl");
    return next++;
  };
  CHECK_THROWS_WITH(pogen::sync_wait(run_in_order(std::move(run))), "cannot write rejects.jsonl");
  CHECK(emitted == std::vector<int>{0, 2});
}
