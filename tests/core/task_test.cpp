#include "core/task.hpp"

#include <catch2/catch.hpp>
#include <coroutine>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/task_scope.hpp"

using pogen::Task;
using pogen::TaskScope;

namespace {

// Counts live frames: a Probe lives in a coroutine frame and dies with it.
struct Probe {
  explicit Probe(int& alive) : alive_(alive) { ++alive_; }
  ~Probe() { --alive_; }
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;
  int& alive_;
};

// Suspends until the test resumes it by hand.
struct Gate {
  std::coroutine_handle<> waiting;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { waiting = h; }
  void await_resume() const noexcept {}
  void open() { std::exchange(waiting, nullptr).resume(); }
};

struct Opener {
  Gate& gate;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { gate.waiting = h; }
  void await_resume() const noexcept {}
};

Task<void> record(std::vector<std::string>& log, std::string name) {
  log.push_back(name + " begins");
  co_await std::suspend_never{};
  log.push_back(name + " ends");
}

Task<void> nested(std::vector<std::string>& log) {
  log.push_back("outer begins");
  co_await record(log, "first");
  co_await record(log, "second");
  log.push_back("outer ends");
}

Task<int> answer() { co_return 42; }
Task<int> doubled() { co_return 2 * co_await answer(); }
Task<std::unique_ptr<std::string>> move_only() { co_return std::make_unique<std::string>("mine"); }

Task<int> fails(std::string what) {
  co_await std::suspend_never{};
  throw std::runtime_error(what);
}

Task<int> passes_through(std::string what) { co_return co_await fails(what) + 1; }

Task<void> root_that_fails(std::string what) { co_await passes_through(what); }

Task<void> wait_at(Gate& gate, int& alive) {
  Probe probe(alive);
  co_await Opener{gate};
}

Task<void> nested_wait(Gate& gate, int& alive) {
  Probe probe(alive);
  co_await wait_at(gate, alive);
}

}  // namespace

TEST_CASE("nested tasks run in order and resume their awaiter when done", "[task]") {
  std::vector<std::string> log;
  TaskScope scope;
  scope.spawn(nested(log));
  CHECK(log == std::vector<std::string>{"outer begins", "first begins", "first ends",
                                        "second begins", "second ends", "outer ends"});
  CHECK(scope.active() == 0);
}

TEST_CASE("a task does not start before it is awaited", "[task]") {
  std::vector<std::string> log;
  auto task = record(log, "lazy");
  CHECK(log.empty());
  CHECK(task.valid());
  CHECK_FALSE(task.done());
  TaskScope scope;
  scope.spawn(std::move(task));
  CHECK_FALSE(task.valid());  // moved from
  CHECK(log == std::vector<std::string>{"lazy begins", "lazy ends"});
}

TEST_CASE("values come back through co_await", "[task]") {
  int value = 0;
  std::string text;
  TaskScope scope;
  scope.spawn([](int& out, std::string& s) -> Task<void> {
    out = co_await doubled();
    s = *co_await move_only();
  }(value, text));
  CHECK(value == 84);
  CHECK(text == "mine");
}

TEST_CASE("exceptions propagate through co_await to the awaiter", "[task]") {
  std::string caught;
  TaskScope scope;
  scope.spawn([](std::string& out) -> Task<void> {
    try {
      co_await passes_through("boom");
    } catch (const std::runtime_error& e) {
      out = e.what();
    }
  }(caught));
  CHECK(caught == "boom");
  CHECK_NOTHROW(scope.rethrow_first_error());
}

TEST_CASE("without a handler, the scope keeps the first error that escaped a root", "[task]") {
  TaskScope scope;
  scope.spawn(root_that_fails("first"));
  scope.spawn(root_that_fails("second"));
  CHECK(scope.active() == 0);
  CHECK_THROWS_WITH(scope.rethrow_first_error(), "first");
  CHECK_NOTHROW(scope.rethrow_first_error());  // handed over once
}

TEST_CASE("with a handler, every escaped error goes to the handler", "[task]") {
  std::vector<std::string> errors;
  TaskScope scope([&](std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      errors.emplace_back(e.what());
    }
  });
  scope.spawn(root_that_fails("one"));
  scope.spawn(root_that_fails("two"));
  CHECK(errors == std::vector<std::string>{"one", "two"});
  CHECK_NOTHROW(scope.rethrow_first_error());
}

TEST_CASE("a root finishes after a resumption and frees its frames at once", "[task]") {
  int alive = 0;
  Gate gate;
  TaskScope scope;
  scope.spawn(nested_wait(gate, alive));
  CHECK(alive == 2);
  CHECK(scope.active() == 1);
  gate.open();
  CHECK(alive == 0);  // freed as it ended, without collect()
  CHECK(scope.active() == 0);
  scope.collect();
  CHECK(scope.active() == 0);
}

TEST_CASE("destroying the scope destroys unfinished roots and their nested frames", "[task]") {
  int alive = 0;
  std::vector<Gate> gates(3);
  {
    TaskScope scope;
    for (auto& gate : gates) scope.spawn(nested_wait(gate, alive));
    gates[1].open();
    CHECK(alive == 4);
    CHECK(scope.active() == 2);
  }
  CHECK(alive == 0);
}

TEST_CASE("destroying a task that never ran frees its frame and arguments", "[task]") {
  auto shared = std::make_shared<int>(1);
  {
    auto task = [](std::shared_ptr<int> p) -> Task<int> { co_return *p; }(shared);
    CHECK(shared.use_count() == 2);  // copied into the frame
  }
  CHECK(shared.use_count() == 1);
}

TEST_CASE("long chains of synchronous completions do not grow the stack", "[task]") {
  // Symmetric transfer: each child hands control straight back to its parent.
  long sum = 0;
  TaskScope scope;
  scope.spawn([](long& total) -> Task<void> {
    for (int i = 0; i < 1'000'000; ++i) total += co_await answer();
  }(sum));
  CHECK(sum == 42'000'000L);
}
