#pragma once
// One thread, one libcurl multi handle, many coroutines. Every HTTP exchange, timer and
// hand-over between coroutines goes through the loop, which resumes the waiting coroutine on its
// own thread once curl (or the clock) says it may go on:
//
//   http::EventLoop loop;
//   loop.tasks().spawn(work(loop));   // work() does `co_await loop.fetch(request)`
//   loop.run();                       // until every root task has finished
//
// Waiting objects (transfers, sleeps, gate waiters) live in the waiting coroutine's frame and
// are linked into the loop's intrusive queues, so waiting allocates nothing, and destroying a
// frame mid-wait (shutdown) unlinks and aborts whatever it was waiting for.

#include <array>
#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/task_scope.hpp"
#include "http/http_types.hpp"
#include "http/intrusive_list.hpp"
#include "http/timer_heap.hpp"

struct curl_slist;

namespace pogen::http {

class EventLoop;

// co_await loop.fetch(request): one HTTP exchange, no retries. Returns the response (transport
// failures included, as HttpResponse::transport); throws Interrupted when the loop is stopping.
class [[nodiscard]] FetchAwaitable : detail::Resumable {
 public:
  FetchAwaitable(EventLoop& loop, HttpRequest request);
  ~FetchAwaitable();
  FetchAwaitable(const FetchAwaitable&) = delete;
  FetchAwaitable& operator=(const FetchAwaitable&) = delete;

  bool await_ready() const noexcept;
  bool await_suspend(std::coroutine_handle<> awaiter);
  HttpResponse await_resume();

 private:
  friend class EventLoop;
  friend class detail::IntrusiveList<FetchAwaitable>;
  enum class State { idle, in_flight, done, interrupted };

  bool start();
  void configure(void* easy);
  void finish(int curl_code);
  void abandon();
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  static int on_progress(void* self, std::int64_t, std::int64_t, std::int64_t, std::int64_t sent);

  EventLoop& loop_;
  HttpRequest request_;
  HttpResponse response_;
  void* easy_ = nullptr;  // CURL*, borrowed from the loop's pool while in flight
  std::vector<curl_slist> header_nodes_;
  State state_ = State::idle;
  // Stall detection (timeouts.low_speed): curl's own low-speed check averages over up to five
  // seconds and counts the request body, so a silent server is caught late; this one aborts
  // when nothing has moved for low_speed, on the real clock whatever the loop's clock is.
  std::chrono::steady_clock::time_point last_activity_{};
  std::int64_t bytes_sent_ = 0;
  bool stalled_ = false;
  std::array<char, 256> error_{};  // CURL_ERROR_SIZE
};

// co_await loop.sleep_until(t): resumes at t on the loop's clock; throws Interrupted when the
// loop is stopping. A time already past resumes at once, without suspending.
class [[nodiscard]] SleepAwaitable : detail::Resumable, detail::TimerNode {
 public:
  SleepAwaitable(EventLoop& loop, TimePoint due);
  ~SleepAwaitable();
  SleepAwaitable(const SleepAwaitable&) = delete;
  SleepAwaitable& operator=(const SleepAwaitable&) = delete;

  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<> awaiter);
  void await_resume() const;

 private:
  friend class EventLoop;
  static void on_fire(detail::TimerNode& self, bool interrupted);

  EventLoop& loop_;
  bool interrupted_ = false;
};

// A callback at a time point, on the loop thread, for components that wait without a coroutine
// of their own (a rate gate waiting for its bucket). Re-arming moves it; a stopping loop
// cancels it without calling it.
class Timer : detail::TimerNode {
 public:
  Timer(EventLoop& loop, std::function<void()> on_fire);
  ~Timer();
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  void arm(TimePoint at);
  void cancel();
  bool armed() const { return queued(); }
  TimePoint due() const { return TimerNode::when; }

 private:
  static void on_fire(detail::TimerNode& self, bool interrupted);

  EventLoop& loop_;
  std::function<void()> callback_;
};

// Runs once, on the loop thread, when the loop starts stopping (for components holding waiters
// that must now resume with Interrupted). Unregisters itself when destroyed.
class StopHook : detail::ListHook {
 public:
  StopHook(EventLoop& loop, std::function<void()> on_stop);
  StopHook(const StopHook&) = delete;
  StopHook& operator=(const StopHook&) = delete;

 private:
  friend class EventLoop;
  friend class detail::IntrusiveList<StopHook>;
  std::function<void()> callback_;
};

class EventLoop {
 public:
  EventLoop();  // uses an internal SteadyClock
  explicit EventLoop(Clock& clock);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  Clock& clock() { return *clock_; }
  TaskScope& tasks() { return tasks_; }

  [[nodiscard]] FetchAwaitable fetch(HttpRequest request) {
    return FetchAwaitable(*this, std::move(request));
  }
  [[nodiscard]] SleepAwaitable sleep_until(TimePoint t) { return SleepAwaitable(*this, t); }
  [[nodiscard]] SleepAwaitable sleep_for(Duration d) {
    return SleepAwaitable(*this, clock_->now() + d);
  }

  // Runs fn on the loop thread in the next iteration. Callable from any thread.
  void post(std::function<void()> fn);
  // Resumes the waiter's coroutine in the next iteration (never inside the caller's stack).
  void schedule(detail::Resumable& waiter);

  // Runs until no root task is active, no transfer is in flight, no timer is pending; then
  // rethrows the first exception that escaped a root task. Throws std::logic_error when root
  // tasks remain but nothing can ever resume them (a stall: they wait on something that is not
  // the loop), instead of hanging.
  void run();

  // Async-signal-safe. After it, every fetch not yet started and every pending sleep resumes
  // by throwing Interrupted; transfers in flight may finish during the grace period (measured on
  // the loop's clock, so a ManualClock never ends it), then are aborted and their awaiters
  // resume by throwing Interrupted. A second request aborts the transfers at once.
  void request_stop(int signal_number);
  void set_grace_period(Duration grace) { grace_ = grace; }
  bool stop_requested() const { return stop_flag_.load(std::memory_order_acquire); }
  int stop_signal() const { return stop_signal_.load(std::memory_order_acquire); }
  std::size_t transfers_in_flight() const { return in_flight_count_; }
  // Waits that ran out their whole heartbeat (1 s) with transfers in flight and nothing ready:
  // 0 against a server that answers, however fast. A test counts them instead of timing a run.
  std::size_t idle_heartbeats() const { return idle_heartbeats_; }

  // Keeps run() waiting while alive, for work on another thread that will post() its result;
  // without one, roots waiting on nothing the loop knows of are reported as a stall.
  class Hold {
   public:
    explicit Hold(EventLoop& loop) : loop_(&loop) { ++loop.holds_; }
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    EventLoop* loop_;
  };

 private:
  friend class FetchAwaitable;
  friend class SleepAwaitable;
  friend class Timer;
  friend class StopHook;
  struct Curl;
  struct WakePipe;

  void* take_easy();
  void return_easy(void* easy);
  void add_transfer(FetchAwaitable& transfer);
  void remove_transfer(FetchAwaitable& transfer);

  bool run_once();
  void run_posts();
  void begin_stop();
  void abort_transfers();
  void fire_due_timers();
  void resume_ready();
  void read_completions();
  bool idle() const;
  void check_stall() const;
  void wait_for_events();
  int poll_timeout_ms() const;
  void wake() noexcept;
  void drain_wake_pipe() noexcept;

  SteadyClock own_clock_;
  Clock* clock_;
  std::unique_ptr<Curl> curl_;  // the multi handle and the pool of idle easy handles
  std::unique_ptr<WakePipe> wake_;
  std::string no_proxy_;

  detail::IntrusiveList<detail::Resumable> ready_;
  detail::IntrusiveList<FetchAwaitable> in_flight_;
  std::size_t in_flight_count_ = 0;
  std::size_t idle_heartbeats_ = 0;
  detail::TimerHeap timers_;
  detail::IntrusiveList<StopHook> stop_hooks_;

  std::atomic<bool> wake_pending_{false};
  std::mutex posts_mutex_;
  std::vector<std::function<void()>> posts_;
  std::atomic<bool> has_posts_{false};
  std::atomic<int> holds_{0};

  std::atomic<bool> stop_flag_{false};
  std::atomic<int> stop_signal_{0};
  std::atomic<int> stop_requests_{0};
  int stop_requests_seen_ = 0;
  Duration grace_ = std::chrono::seconds(10);
  TimePoint grace_deadline_{};

  // Last, so it is destroyed first: unfinished frames unlink their waiters from the queues
  // above while those still exist.
  TaskScope tasks_;
};

}  // namespace pogen::http
