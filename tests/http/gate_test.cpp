#include "http/gate.hpp"

#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "core/interrupted.hpp"

using namespace std::chrono_literals;
using pogen::Duration;
using pogen::ManualClock;
using pogen::Task;
using pogen::http::EndpointGate;
using pogen::http::EventLoop;
using pogen::http::GateLimits;
using pogen::http::GlobalCap;
using pogen::http::Permit;

namespace {

// What the test requests saw: when each was admitted (virtual time since the start) and the
// most requests admitted at once.
struct Log {
  explicit Log(pogen::TimePoint t) : start(t) {}
  pogen::TimePoint start;
  std::vector<std::string> admitted;
  std::vector<Duration> at;
  int now_in = 0;
  int most_in = 0;
  int interrupted = 0;
};

// Acquires, records, holds the permit for `hold`, releases.
Task<void> request(EventLoop& loop, EndpointGate& gate, std::string name, Log& log,
                   Duration hold = 1s, std::int64_t tokens = 0) {
  try {
    Permit permit = co_await gate.acquire(tokens);
    log.admitted.push_back(name);
    log.at.push_back(loop.clock().now() - log.start);
    log.most_in = std::max(log.most_in, ++log.now_in);
    co_await loop.sleep_for(hold);
    --log.now_in;
  } catch (const pogen::Interrupted&) {
    ++log.interrupted;
  }
}

}  // namespace

TEST_CASE("the endpoint cap admits waiters first come, first served", "[gate]") {
  ManualClock clock;
  EventLoop loop(clock);
  GlobalCap global(loop, 100);
  EndpointGate gate(loop, global, GateLimits{2, {}, {}});
  Log log(clock.now());
  for (std::string name : {"a", "b", "c", "d", "e"}) {
    loop.tasks().spawn(request(loop, gate, name, log));
  }
  CHECK(gate.in_flight() == 2);
  CHECK(gate.waiting() == 3);
  loop.run();
  CHECK(log.admitted == std::vector<std::string>{"a", "b", "c", "d", "e"});
  CHECK(log.at == std::vector<Duration>{0s, 0s, 1s, 1s, 2s});
  CHECK(log.most_in == 2);
  CHECK(gate.in_flight() == 0);
  CHECK(global.in_flight() == 0);
}

TEST_CASE("the global cap bounds every endpoint together, in arrival order", "[gate]") {
  ManualClock clock;
  EventLoop loop(clock);
  GlobalCap global(loop, 3);
  EndpointGate x(loop, global, GateLimits{10, {}, {}});
  EndpointGate y(loop, global, GateLimits{10, {}, {}});
  Log log(clock.now());
  loop.tasks().spawn(request(loop, x, "x1", log));
  loop.tasks().spawn(request(loop, x, "x2", log));
  loop.tasks().spawn(request(loop, y, "y1", log));
  loop.tasks().spawn(request(loop, y, "y2", log));
  loop.tasks().spawn(request(loop, x, "x3", log));
  loop.tasks().spawn(request(loop, y, "y3", log));
  loop.tasks().spawn(request(loop, y, "y4", log));
  CHECK(global.in_flight() == 3);
  loop.run();
  CHECK(log.admitted == std::vector<std::string>{"x1", "x2", "y1", "y2", "x3", "y3", "y4"});
  CHECK(log.at == std::vector<Duration>{0s, 0s, 0s, 1s, 1s, 1s, 2s});
  CHECK(log.most_in == 3);
}

TEST_CASE("a busy endpoint does not hold global slots another endpoint could use", "[gate]") {
  ManualClock clock;
  EventLoop loop(clock);
  GlobalCap global(loop, 2);
  EndpointGate busy(loop, global, GateLimits{1, {}, {}});
  EndpointGate idle(loop, global, GateLimits{5, {}, {}});
  Log log(clock.now());
  loop.tasks().spawn(request(loop, busy, "busy1", log, 10s));
  loop.tasks().spawn(request(loop, busy, "busy2", log, 10s));
  loop.tasks().spawn(request(loop, busy, "busy3", log, 10s));
  loop.tasks().spawn(request(loop, idle, "idle1", log, 1s));
  loop.run();
  CHECK(log.admitted == std::vector<std::string>{"busy1", "idle1", "busy2", "busy3"});
  CHECK(log.at == std::vector<Duration>{0s, 0s, 10s, 20s});
}

TEST_CASE("the request bucket spaces requests once a minute's worth is spent", "[gate]") {
  ManualClock clock;
  EventLoop loop(clock);
  GlobalCap global(loop, 100);
  EndpointGate gate(loop, global, GateLimits{100, 60.0, {}});  // one a second
  Log log(clock.now());
  for (int i = 0; i < 62; ++i) loop.tasks().spawn(request(loop, gate, std::to_string(i), log, 0s));
  loop.run();
  REQUIRE(log.at.size() == 62);
  CHECK(log.at[59] == 0s);
  CHECK(log.at[60] == 1s);
  CHECK(log.at[61] == 2s);
  CHECK(log.admitted[61] == "61");
}

TEST_CASE("the token bucket waits for the tokens a request needs, debts included", "[gate]") {
  ManualClock clock;
  EventLoop loop(clock);
  GlobalCap global(loop, 100);
  EndpointGate gate(loop, global, GateLimits{100, {}, 600.0});  // ten tokens a second
  Log log(clock.now());
  loop.tasks().spawn(request(loop, gate, "a", log, 0s, 250));
  loop.tasks().spawn(request(loop, gate, "b", log, 0s, 250));
  // 100 tokens left; c needs 250: 15 s.
  loop.tasks().spawn(request(loop, gate, "c", log, 0s, 250));
  loop.run();
  CHECK(log.at == std::vector<Duration>{0s, 0s, 15s});

  // Usage said c took 350, not 250: the next request pays that debt first.
  gate.correct_tokens(100);
  loop.tasks().spawn(request(loop, gate, "d", log, 0s, 50));
  loop.run();
  CHECK(log.at.back() == 30s);  // 100 of debt and 50 more, at ten a second
}

TEST_CASE("an overloaded endpoint admits fewer until successes grow the cap", "[gate]") {
  ManualClock clock;
  EventLoop loop(clock);
  GlobalCap global(loop, 100);
  EndpointGate gate(loop, global, GateLimits{4, {}, {}});
  gate.on_overloaded();
  CHECK(gate.current_cap() == 2);
  Log log(clock.now());
  for (std::string name : {"a", "b", "c", "d"}) loop.tasks().spawn(request(loop, gate, name, log));
  CHECK(gate.in_flight() == 2);
  gate.on_success();
  CHECK(gate.current_cap() == 3);
  loop.run();
  CHECK(log.at == std::vector<Duration>{0s, 0s, 0s, 1s});
}

TEST_CASE("a stopping loop interrupts every waiter but not the permit holders", "[gate]") {
  ManualClock clock;
  EventLoop loop(clock);
  GlobalCap global(loop, 2);
  EndpointGate one(loop, global, GateLimits{1, {}, {}});
  EndpointGate two(loop, global, GateLimits{5, {}, {}});
  Log log(clock.now());
  loop.tasks().spawn(request(loop, one, "one1", log, 1h));  // admitted
  loop.tasks().spawn(request(loop, one, "one2", log, 1h));  // waits at its endpoint
  loop.tasks().spawn(request(loop, two, "two1", log, 1h));  // admitted
  loop.tasks().spawn(request(loop, two, "two2", log, 1h));  // waits at the global cap
  CHECK(global.in_flight() == 2);
  CHECK(two.in_flight() == 2);
  loop.request_stop(SIGINT);
  loop.run();
  CHECK(log.admitted == std::vector<std::string>{"one1", "two1"});
  // The holders' sleeps and the two waiters all end with Interrupted.
  CHECK(log.interrupted == 4);
  CHECK(global.in_flight() == 0);
  CHECK(one.in_flight() == 0);
  CHECK(two.in_flight() == 0);

  loop.tasks().spawn(request(loop, two, "late", log, 0s));
  CHECK(log.interrupted == 5);
}

TEST_CASE("waiters destroyed while queued give back what they held", "[gate]") {
  ManualClock clock;
  EventLoop loop(clock);
  GlobalCap global(loop, 1);
  EndpointGate a(loop, global, GateLimits{1, {}, {}});
  EndpointGate b(loop, global, GateLimits{1, {}, {}});
  {
    pogen::TaskScope scope;
    Log log(clock.now());
    scope.spawn(request(loop, a, "a1", log, 1h));  // holds both slots
    scope.spawn(request(loop, a, "a2", log));      // queued at a
    scope.spawn(request(loop, b, "b1", log));      // holds b's slot, queued at the global cap
    CHECK(a.waiting() == 1);
    CHECK(b.in_flight() == 1);
  }
  CHECK(a.in_flight() == 0);
  CHECK(a.waiting() == 0);
  CHECK(b.in_flight() == 0);
  CHECK(global.in_flight() == 0);
}

TEST_CASE("the gate says which rate limit holds requests back, and for how long in all", "[gate]") {
  ManualClock clock;
  EventLoop loop(clock);
  GlobalCap global(loop, 100);
  // Two requests a minute: the bucket starts with two, then one more every 30 s.
  EndpointGate gate(loop, global, GateLimits{8, 2.0, {}});
  Log log(clock.now());
  for (std::string name : {"a", "b", "c", "d"}) {
    loop.tasks().spawn(request(loop, gate, name, log, 1ms));
  }
  CHECK(gate.waiting() == 2);
  CHECK(gate.waiting_on() == "requests_per_minute 2");
  loop.run();
  REQUIRE(log.at.size() == 4);
  CHECK(log.at[2] >= 30s);  // the bucket's refill may round up by a nanosecond
  CHECK(log.at[3] >= 60s);
  CHECK(log.at[3] < 60s + 1ms);
  CHECK(gate.waiting_on().empty());
  CHECK(gate.rate_limited_for() >= 60s);
  CHECK(gate.rate_limited_for() < 60s + 1ms);
}

TEST_CASE("waiting for the in-flight cap is not waiting on a rate limit", "[gate]") {
  ManualClock clock;
  EventLoop loop(clock);
  GlobalCap global(loop, 100);
  EndpointGate gate(loop, global, GateLimits{1, 600.0, {}});
  Log log(clock.now());
  for (std::string name : {"a", "b", "c"}) loop.tasks().spawn(request(loop, gate, name, log));
  CHECK(gate.waiting() == 2);
  CHECK(gate.waiting_on().empty());
  loop.run();
  CHECK(gate.rate_limited_for() == Duration::zero());
}
