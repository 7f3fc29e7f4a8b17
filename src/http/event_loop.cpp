#include "http/event_loop.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "core/signals.hpp"
#include "http/curl_multi.hpp"

namespace pogen::http {

namespace {

// The longest single wait for events: a heartbeat, never a source of latency (every
// event that matters ends the wait).
constexpr int kMaxWaitMs = 1000;

int ms_until(TimePoint now, TimePoint due) {
  if (due <= now) return 0;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(due - now).count();
  return static_cast<int>(std::min<long long>(ms, kMaxWaitMs));
}

// Loopback never goes through a proxy, even when the environment names one for the rest.
std::string loopback_no_proxy() {
  std::string list = "127.0.0.1,localhost,::1";
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return std::string(value) + "," + list;
  }
  return list;
}

}  // namespace

// A self-pipe: request_stop() (from a signal handler) and post() (from another thread) write a
// byte to it, which ends the wait for events. write() is async-signal-safe.
struct EventLoop::WakePipe {
  int read_fd = -1;
  int write_fd = -1;

  WakePipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
      throw std::system_error(errno, std::generic_category(), "pipe2");
    }
    read_fd = fds[0];
    write_fd = fds[1];
  }
  ~WakePipe() {
    close(read_fd);
    close(write_fd);
  }
  WakePipe(const WakePipe&) = delete;
  WakePipe& operator=(const WakePipe&) = delete;
};

EventLoop::EventLoop() : EventLoop(own_clock_) {}

EventLoop::EventLoop(Clock& clock)
    : clock_(&clock),
      curl_(std::make_unique<Curl>()),
      wake_(std::make_unique<WakePipe>()),
      no_proxy_(loopback_no_proxy()) {
  curl_->watch_own(wake_->read_fd);
  // A write to a connection the peer closed must fail with EPIPE, not kill the process.
  ignore_sigpipe();
}

EventLoop::~EventLoop() = default;

EventLoop::Hold::~Hold() {
  --loop_->holds_;
  loop_->wake();
}

void EventLoop::wake() noexcept {
  if (wake_pending_.exchange(true, std::memory_order_acq_rel)) return;
  const int saved = errno;
  const char byte = 1;
  // A full pipe already guarantees a wake-up, so a failed write loses nothing.
  [[maybe_unused]] auto written = write(wake_->write_fd, &byte, 1);
  errno = saved;
}

void EventLoop::drain_wake_pipe() noexcept {
  char buffer[64];
  while (read(wake_->read_fd, buffer, sizeof buffer) > 0) {
  }
  // After the drain: a wake-up that comes later writes again, one that came earlier has set its
  // flag (stop, posts) before calling wake(), and the flags are read after this.
  wake_pending_.store(false, std::memory_order_release);
}

void EventLoop::post(std::function<void()> fn) {
  {
    std::lock_guard lock(posts_mutex_);
    posts_.push_back(std::move(fn));
  }
  has_posts_.store(true, std::memory_order_release);
  wake();
}

void EventLoop::schedule(detail::Resumable& waiter) { ready_.push_back(waiter); }

void EventLoop::request_stop(int signal_number) {
  int none = 0;
  stop_signal_.compare_exchange_strong(none, signal_number, std::memory_order_acq_rel);
  stop_requests_.fetch_add(1, std::memory_order_acq_rel);
  stop_flag_.store(true, std::memory_order_release);
  wake();
}

void EventLoop::run() {
  while (run_once()) {
  }
  tasks_.rethrow_first_error();
}

// One iteration; false once there is nothing left to do.
bool EventLoop::run_once() {
  run_posts();
  if (stop_requested()) begin_stop();
  if (in_flight_count_ > 0 && stop_requests_seen_ > 0 && clock_->now() >= grace_deadline_) {
    abort_transfers();
  }
  fire_due_timers();
  resume_ready();
  if (idle()) return false;
  check_stall();
  wait_for_events();
  read_completions();
  resume_ready();
  return true;
}

void EventLoop::run_posts() {
  if (!has_posts_.load(std::memory_order_acquire)) return;
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(posts_mutex_);
    batch.swap(posts_);
    has_posts_.store(false, std::memory_order_relaxed);
  }
  for (auto& fn : batch) fn();
}

void EventLoop::begin_stop() {
  const int requests = stop_requests_.load(std::memory_order_acquire);
  if (requests == stop_requests_seen_) return;
  const bool first = stop_requests_seen_ == 0;
  stop_requests_seen_ = requests;
  grace_deadline_ = requests > 1 ? clock_->now() : clock_->now() + grace_;
  if (!first) return;
  while (!timers_.empty()) {
    detail::TimerNode& timer = timers_.pop();
    timer.fire(timer, true);
  }
  while (StopHook* hook = stop_hooks_.pop_front()) hook->callback_();
}

void EventLoop::abort_transfers() {
  while (!in_flight_.empty()) in_flight_.front().abandon();
}

void EventLoop::fire_due_timers() {
  if (timers_.empty()) return;
  const TimePoint now = clock_->now();
  while (!timers_.empty() && timers_.top().when <= now) {
    detail::TimerNode& timer = timers_.pop();
    timer.fire(timer, false);
  }
}

void EventLoop::resume_ready() {
  // Only what was ready when the pass began: coroutines made ready meanwhile wait for the next
  // pass, so a chain of hand-overs cannot starve the sockets.
  detail::IntrusiveList<detail::Resumable> batch;
  batch.splice_back(ready_);
  while (detail::Resumable* waiter = batch.pop_front()) waiter->handle.resume();
}

bool EventLoop::idle() const {
  return tasks_.active() == 0 && in_flight_count_ == 0 && timers_.empty() && ready_.empty() &&
         !has_posts_.load(std::memory_order_acquire) && holds_.load() == 0;
}

void EventLoop::check_stall() const {
  if (in_flight_count_ > 0 || !timers_.empty() || !ready_.empty() ||
      has_posts_.load(std::memory_order_acquire) || holds_.load() > 0 ||
      stop_requests_.load(std::memory_order_acquire) != stop_requests_seen_) {
    return;
  }
  throw std::logic_error("event loop stalled: " + std::to_string(tasks_.active()) +
                         " root task(s) wait for something that is not the loop's");
}

int EventLoop::poll_timeout_ms() const {
  if (!ready_.empty() || has_posts_.load(std::memory_order_acquire)) return 0;
  const TimePoint now = clock_->now();
  int timeout = kMaxWaitMs;
  // A ManualClock stands still while transfers run, so its timers cannot shorten a real wait.
  if (!timers_.empty() && clock_->ticks_by_itself()) {
    timeout = ms_until(now, timers_.top().when);
  }
  if (in_flight_count_ > 0 && stop_requests_seen_ > 0) {
    timeout = std::min(timeout, ms_until(now, grace_deadline_));
  }
  return timeout;
}

void EventLoop::wait_for_events() {
  if (in_flight_count_ == 0 && ready_.empty() && !timers_.empty() && !clock_->ticks_by_itself() &&
      !has_posts_.load(std::memory_order_acquire)) {
    // Virtual time: nothing can happen before the next timer, so jump to it.
    clock_->advance_to(timers_.top().when);
    return;
  }
  // curl's due timers start the transfers added since the last wait, and can send a request and
  // read its whole answer in one call (a kept-alive connection to a fast server): read what
  // finished before waiting, or the wait below would sit on a finished transfer until the
  // heartbeat (a second). wait_and_run makes no call into curl before its wait, and the loop
  // reads completions after it (run_once), so every call into curl is followed by a read.
  curl_->run_due_timers();
  read_completions();
  if (!ready_.empty()) return;
  // The wait also ends at curl's next timeout; ready sockets run their transfers at once.
  const int limit = poll_timeout_ms();
  const auto waited = curl_->wait_and_run(limit, wake_->read_fd);
  if (waited.own_ready) drain_wake_pipe();
  if (waited.ran_out && limit == kMaxWaitMs && in_flight_count_ > 0) ++idle_heartbeats_;
}

}  // namespace pogen::http
