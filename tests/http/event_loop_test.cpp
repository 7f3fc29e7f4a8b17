#include "http/event_loop.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <coroutine>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/interrupted.hpp"
#include "support/scripted_server.hpp"

using namespace std::chrono_literals;
using pogen::ManualClock;
using pogen::Task;
using pogen::http::EventLoop;
using pogen::http::HttpRequest;
using pogen::http::HttpResponse;
using pogen::http::TransportError;
using pogen::testing::ScriptedResponse;
using pogen::testing::ScriptedServer;

namespace {

HttpRequest get(const std::string& url) {
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  return request;
}

Task<void> fetch_into(EventLoop& loop, HttpRequest request, HttpResponse& out) {
  out = co_await loop.fetch(std::move(request));
}

HttpResponse fetch_one(EventLoop& loop, HttpRequest request) {
  HttpResponse response;
  loop.tasks().spawn(fetch_into(loop, std::move(request), response));
  loop.run();
  return response;
}

// Counts live frames: a Probe lives in a coroutine frame and dies with it.
struct Probe {
  explicit Probe(int& alive) : alive_(alive) { ++alive_; }
  ~Probe() { --alive_; }
  int& alive_;
};

}  // namespace

TEST_CASE("fetch returns the status, lower-cased headers and body", "[event_loop]") {
  ScriptedServer server(
      {pogen::testing::with_header(pogen::testing::chat_ok("hi"), "X-Request-Id", "abc-123")});
  EventLoop loop;
  HttpResponse response = fetch_one(loop, get(server.base_url() + "/models"));

  CHECK(response.transport == TransportError::none);
  CHECK(response.transport_message.empty());
  CHECK(response.status == 200);
  CHECK(response.header("x-request-id") == "abc-123");
  CHECK(response.header("content-type") == "application/json");
  CHECK(response.body == pogen::testing::chat_ok("hi").body);
  auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].path == "/v1/models");
  // Compressed answers are accepted (and decoded by curl).
  CHECK(requests[0].header("accept-encoding").value_or("").find("gzip") != std::string::npos);
}

TEST_CASE("fetch posts the body and the request headers, without Expect", "[event_loop]") {
  ScriptedServer server({pogen::testing::chat_ok()});
  EventLoop loop;
  HttpRequest request;
  request.url = server.base_url() + "/chat/completions";
  request.headers = {"Content-Type: application/json", "X-Trace: 7"};
  request.body = std::string(4000, 'x');  // large enough that curl would send Expect
  HttpResponse response = fetch_one(loop, request);

  CHECK(response.status == 200);
  auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].body == request.body);
  CHECK(requests[0].header("content-type") == "application/json");
  CHECK(requests[0].header("x-trace") == "7");
  CHECK_FALSE(requests[0].header("expect").has_value());
}

TEST_CASE("sequential fetches reuse one kept-alive connection", "[event_loop]") {
  ScriptedServer server;
  server.set_fallback(pogen::testing::chat_ok());
  EventLoop loop;
  loop.tasks().spawn([](EventLoop& l, std::string url) -> Task<void> {
    for (int i = 0; i < 5; ++i) co_await l.fetch(get(url));
  }(loop, server.base_url() + "/models"));
  loop.run();

  auto requests = server.requests();
  REQUIRE(requests.size() == 5);
  for (const auto& r : requests) CHECK(r.remote_port == requests[0].remote_port);
}

TEST_CASE("concurrent fetches are all in flight at once", "[event_loop]") {
  ScriptedServer server({}, 32);
  server.set_fallback(pogen::testing::chat_ok());
  EventLoop loop;
  std::vector<HttpResponse> responses(20);
  for (auto& response : responses) {
    loop.tasks().spawn(fetch_into(loop, get(server.base_url() + "/models"), response));
  }
  // Each root ran to its first suspension: the transfer was added at once.
  CHECK(loop.transfers_in_flight() == 20);
  loop.run();
  CHECK(loop.transfers_in_flight() == 0);
  for (const auto& response : responses) CHECK(response.status == 200);
  CHECK(server.request_count() == 20);
}

TEST_CASE("transport failures are reported, not thrown", "[event_loop]") {
  EventLoop loop;
  SECTION("connection refused") {
    HttpResponse response = fetch_one(loop, get(pogen::testing::refused_base_url() + "/models"));
    CHECK(response.transport == TransportError::connect);
    CHECK(response.status == 0);
    CHECK_FALSE(response.transport_message.empty());
  }
  SECTION("total timeout") {
    ScriptedResponse slow = pogen::testing::chat_ok();
    slow.delay = 3s;
    ScriptedServer server({slow});
    HttpRequest request = get(server.base_url() + "/models");
    request.timeouts.total = 200ms;
    auto started = std::chrono::steady_clock::now();
    HttpResponse response = fetch_one(loop, request);
    CHECK(response.transport == TransportError::timeout);
    CHECK(std::chrono::steady_clock::now() - started < 2s);
  }
  SECTION("connection reset in the middle of the body") {
    ScriptedServer server({pogen::testing::reset_mid_body()});
    HttpResponse response = fetch_one(loop, get(server.base_url() + "/models"));
    CHECK(response.transport == TransportError::reset);
    CHECK(response.status == 200);
  }
}

TEST_CASE("sleeps run on virtual time with a manual clock", "[event_loop]") {
  ManualClock clock;
  EventLoop loop(clock);
  const auto start = clock.now();
  std::vector<int> order;
  auto sleeper = [](EventLoop& l, pogen::Duration d, int id, std::vector<int>& out) -> Task<void> {
    co_await l.sleep_for(d);
    out.push_back(id);
  };
  loop.tasks().spawn(sleeper(loop, 3min, 3, order));
  loop.tasks().spawn(sleeper(loop, 1min, 1, order));
  loop.tasks().spawn(sleeper(loop, 2min, 2, order));
  loop.tasks().spawn(sleeper(loop, 1min, 11, order));  // same time: in arming order
  loop.run();

  CHECK(order == std::vector<int>{1, 11, 2, 3});
  CHECK(clock.now() - start == 3min);
}

TEST_CASE("a sleep until a time already past does not wait", "[event_loop]") {
  ManualClock clock;
  EventLoop loop(clock);
  bool done = false;
  loop.tasks().spawn([](EventLoop& l, ManualClock& c, bool& flag) -> Task<void> {
    co_await l.sleep_until(c.now() - 1s);
    flag = true;
  }(loop, clock, done));
  CHECK(done);  // finished inside spawn, without the loop
  loop.run();
}

TEST_CASE("timers call back, move when re-armed and stay quiet when cancelled", "[event_loop]") {
  ManualClock clock;
  EventLoop loop(clock);
  const auto start = clock.now();
  std::vector<pogen::Duration> fired;
  pogen::http::Timer a(loop, [&] { fired.push_back(clock.now() - start); });
  pogen::http::Timer b(loop, [&] { fired.push_back(-(clock.now() - start)); });
  a.arm(start + 5s);
  a.arm(start + 2s);
  b.arm(start + 1s);
  b.cancel();
  CHECK(a.armed());
  CHECK_FALSE(b.armed());
  loop.run();
  CHECK(fired == std::vector<pogen::Duration>{2s});
  CHECK_FALSE(a.armed());
}

TEST_CASE("post runs work from another thread on the loop thread", "[event_loop]") {
  EventLoop loop;
  std::thread::id ran_on;
  auto hold = std::make_unique<EventLoop::Hold>(loop);
  std::thread worker([&] {
    std::this_thread::sleep_for(20ms);
    loop.post([&] {
      ran_on = std::this_thread::get_id();
      hold.reset();
    });
  });
  loop.tasks().spawn([](EventLoop& l) -> Task<void> { co_await l.sleep_for(1ms); }(loop));
  loop.run();
  worker.join();
  CHECK(ran_on == std::this_thread::get_id());
}

TEST_CASE("run rethrows the first exception that escaped a root task", "[event_loop]") {
  ManualClock clock;
  EventLoop loop(clock);
  auto failing = [](EventLoop& l, pogen::Duration d, const char* what) -> Task<void> {
    co_await l.sleep_for(d);
    throw std::runtime_error(what);
  };
  loop.tasks().spawn(failing(loop, 2s, "second"));
  loop.tasks().spawn(failing(loop, 1s, "first"));
  CHECK_THROWS_WITH(loop.run(), "first");
  CHECK(loop.tasks().active() == 0);
}

TEST_CASE("a root waiting on something the loop cannot resume is a stall", "[event_loop]") {
  int alive = 0;
  {
    EventLoop loop;
    loop.tasks().spawn([](int& count) -> Task<void> {
      Probe probe(count);
      co_await std::suspend_always{};
    }(alive));
    CHECK_THROWS_WITH(loop.run(),
                      "event loop stalled: 1 root task(s) wait for something that is not the "
                      "loop's");
    CHECK(alive == 1);
  }
  CHECK(alive == 0);
}

TEST_CASE("destroying the loop abandons transfers in flight and frees their frames",
          "[event_loop]") {
  ScriptedResponse slow = pogen::testing::chat_ok();
  slow.delay = 5s;
  ScriptedServer server({slow});
  int alive = 0;
  {
    EventLoop loop;
    loop.tasks().spawn([](EventLoop& l, std::string url, int& count) -> Task<void> {
      Probe probe(count);
      co_await l.fetch(get(url));
    }(loop, server.base_url() + "/models", alive));
    CHECK(loop.transfers_in_flight() == 1);
    CHECK(alive == 1);
  }
  CHECK(alive == 0);
}

TEST_CASE("request_stop interrupts sleeps and new fetches", "[event_loop][stop]") {
  ManualClock clock;
  EventLoop loop(clock);
  int interrupted = 0;
  int hooks = 0;
  pogen::http::StopHook hook(loop, [&] { ++hooks; });
  auto sleeper = [](EventLoop& l, int& count) -> Task<void> {
    try {
      co_await l.sleep_for(1h);
    } catch (const pogen::Interrupted&) {
      ++count;
    }
  };
  loop.tasks().spawn(sleeper(loop, interrupted));
  loop.tasks().spawn(sleeper(loop, interrupted));
  CHECK_FALSE(loop.stop_requested());
  CHECK(loop.stop_signal() == 0);
  loop.request_stop(SIGTERM);
  loop.request_stop(SIGINT);
  CHECK(loop.stop_requested());
  CHECK(loop.stop_signal() == SIGTERM);  // the first one
  loop.run();
  CHECK(interrupted == 2);
  CHECK(hooks == 1);

  loop.tasks().spawn([](EventLoop& l, int& count) -> Task<void> {
    try {
      co_await l.fetch(get("http://127.0.0.1:9/never"));
    } catch (const pogen::Interrupted&) {
      ++count;
    }
  }(loop, interrupted));
  CHECK(interrupted == 3);  // thrown at once: the fetch never started
  CHECK(loop.transfers_in_flight() == 0);
}

TEST_CASE("transfers in flight at a stop finish within the grace period", "[event_loop][stop]") {
  ScriptedResponse slow = pogen::testing::chat_ok();
  slow.delay = 150ms;
  ScriptedServer server({slow});
  EventLoop loop;
  loop.set_grace_period(5s);
  HttpResponse response;
  loop.tasks().spawn(fetch_into(loop, get(server.base_url() + "/models"), response));
  loop.request_stop(SIGINT);
  loop.run();
  CHECK(response.status == 200);
  CHECK(response.body == pogen::testing::chat_ok().body);
}

TEST_CASE("transfers still in flight when the grace period ends are aborted",
          "[event_loop][stop]") {
  ScriptedResponse slow = pogen::testing::chat_ok();
  slow.delay = 5s;
  ScriptedServer server({slow, slow});
  EventLoop loop;
  loop.set_grace_period(100ms);
  int interrupted = 0;
  auto fetcher = [](EventLoop& l, std::string url, int& count) -> Task<void> {
    try {
      co_await l.fetch(get(url));
    } catch (const pogen::Interrupted&) {
      ++count;
    }
  };
  loop.tasks().spawn(fetcher(loop, server.base_url() + "/models", interrupted));
  loop.tasks().spawn(fetcher(loop, server.base_url() + "/models", interrupted));
  auto started = std::chrono::steady_clock::now();
  loop.request_stop(SIGINT);
  loop.run();
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(interrupted == 2);
  CHECK(took >= 100ms);
  CHECK(took < 2s);
  CHECK(loop.transfers_in_flight() == 0);
}

TEST_CASE("a second stop request aborts transfers at once", "[event_loop][stop]") {
  ScriptedResponse slow = pogen::testing::chat_ok();
  slow.delay = 5s;
  ScriptedServer server({slow});
  EventLoop loop;
  loop.set_grace_period(1h);
  int interrupted = 0;
  loop.tasks().spawn([](EventLoop& l, std::string url, int& count) -> Task<void> {
    try {
      co_await l.fetch(get(url));
    } catch (const pogen::Interrupted&) {
      ++count;
    }
  }(loop, server.base_url() + "/models", interrupted));
  loop.tasks().spawn([](EventLoop& l) -> Task<void> {
    l.request_stop(SIGINT);
    co_await l.fetch(get("http://127.0.0.1:9/"));
  }(loop));
  loop.request_stop(SIGINT);
  auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(loop.run(), pogen::Interrupted);
  CHECK(interrupted == 1);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
}

TEST_CASE("virtual time stands still while a transfer is in flight", "[event_loop]") {
  ScriptedResponse slow = pogen::testing::chat_ok();
  slow.delay = 150ms;
  ScriptedServer server({slow});
  ManualClock clock;
  EventLoop loop(clock);
  const auto start = clock.now();
  pogen::Duration fetched_at{};
  pogen::Duration slept_until{};
  loop.tasks().spawn(
      [](EventLoop& l, std::string url, pogen::TimePoint t0, pogen::Duration& out) -> Task<void> {
        HttpResponse response = co_await l.fetch(get(url));
        CHECK(response.status == 200);
        out = l.clock().now() - t0;
      }(loop, server.base_url() + "/models", start, fetched_at));
  loop.tasks().spawn([](EventLoop& l, pogen::TimePoint t0, pogen::Duration& out) -> Task<void> {
    co_await l.sleep_for(1min);
    out = l.clock().now() - t0;
  }(loop, start, slept_until));
  loop.run();
  // The sleep could not jump ahead of a transfer that takes real time.
  CHECK(fetched_at == 0s);
  CHECK(slept_until == 1min);
}

namespace {

// A server that answers each request (headers only, no body) the moment its headers arrive, on
// a kept-alive connection: as fast as a loopback answer can be. ScriptedServer is too slow to
// answer within curl's call.
class InstantServer {
 public:
  InstantServer() {
    listen_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(listen_, 8);
    socklen_t len = sizeof a;
    ::getsockname(listen_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~InstantServer() {
    ::shutdown(listen_, SHUT_RDWR);
    ::close(listen_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/models"; }
  int requests() const { return requests_.load(); }

 private:
  void serve() {
    for (;;) {
      int c = ::accept(listen_, nullptr, nullptr);
      if (c < 0) return;
      std::string buffer;
      char chunk[4096];
      for (;;) {
        ssize_t n = ::read(c, chunk, sizeof chunk);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(n));
        std::size_t end;
        while ((end = buffer.find("\r\n\r\n")) != std::string::npos) {
          buffer.erase(0, end + 4);
          ++requests_;
          static const char reply[] =
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
          [[maybe_unused]] auto w = ::write(c, reply, sizeof reply - 1);
        }
      }
      ::close(c);
    }
  }
  int listen_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};
}  // namespace

TEST_CASE("a transfer that finishes inside a call into curl is read before the loop waits",
          "[event_loop]") {
  // An instant answer on a kept-alive connection is often read by the same call into curl that
  // sent the request (the timer pass before the wait). Unless the loop reads completions after
  // every call into curl, it then waits for events on a finished transfer until the heartbeat
  // (1 s) ends the wait: 24 sequential requests took 15-19 s (issue 11). Counted, not timed:
  // a wait that ran out its whole heartbeat with transfers in flight found nothing to do.
  InstantServer server;
  EventLoop loop;
  loop.tasks().spawn([](EventLoop& l, std::string url) -> Task<void> {
    for (int i = 0; i < 24; ++i) {
      HttpResponse response = co_await l.fetch(get(url));
      CHECK(response.status == 200);
    }
  }(loop, server.url()));
  loop.run();
  CHECK(server.requests() == 24);
  CHECK(loop.idle_heartbeats() == 0);
}
