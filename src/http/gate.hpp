#pragma once
// Admission control for one endpoint: `Permit p = co_await gate.acquire(estimated_tokens);`
// resumes once the endpoint's adaptive in-flight cap, its request and token buckets, and the
// run's global in-flight cap all allow one more request. Waiters are served first come, first
// served: at the endpoint, then at the global cap (across endpoints). The permit gives both
// slots back when it is destroyed or released.
//
// Admission happens in two steps, endpoint first: a request waiting for a busy endpoint must not
// hold a global slot that a request for an idle endpoint could use. Waiting for a bucket arms a
// timer for the moment it will allow the head waiter; nothing polls. When the loop stops, every
// waiter resumes by throwing Interrupted.
//
// The gate and the global cap must be destroyed before their loop, and after every waiter.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "http/adaptive_cap.hpp"
#include "http/event_loop.hpp"
#include "http/token_bucket.hpp"

namespace pogen::http {

class EndpointGate;
class GateWaiter;

class GlobalCap {
 public:
  GlobalCap(EventLoop& loop, int limit);
  GlobalCap(const GlobalCap&) = delete;
  GlobalCap& operator=(const GlobalCap&) = delete;

  int limit() const { return limit_; }
  int in_flight() const { return in_flight_; }

 private:
  friend class EndpointGate;
  friend class GateWaiter;
  friend class Permit;

  bool has_room() const { return in_flight_ < limit_ && queue_.empty(); }
  void admit(GateWaiter& waiter);
  void release();
  void interrupt_waiters();

  EventLoop& loop_;
  int limit_;
  int in_flight_ = 0;
  detail::IntrusiveList<GateWaiter> queue_;
  StopHook stop_hook_;
};

class Permit {
 public:
  Permit() = default;
  Permit(Permit&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}
  Permit& operator=(Permit&& other) noexcept;
  Permit(const Permit&) = delete;
  Permit& operator=(const Permit&) = delete;
  ~Permit() { release(); }

  bool held() const { return gate_ != nullptr; }
  // Gives the slots back now (e.g. before sleeping for a retry); idempotent.
  void release();

 private:
  friend class GateWaiter;
  explicit Permit(EndpointGate* gate) : gate_(gate) {}
  EndpointGate* gate_ = nullptr;
};

// The awaitable of EndpointGate::acquire.
class [[nodiscard]] GateWaiter : detail::Resumable {
 public:
  GateWaiter(EndpointGate& gate, double tokens) : gate_(gate), tokens_(tokens) {}
  ~GateWaiter();
  GateWaiter(const GateWaiter&) = delete;
  GateWaiter& operator=(const GateWaiter&) = delete;

  bool await_ready();
  void await_suspend(std::coroutine_handle<> awaiter);
  Permit await_resume();

 private:
  friend class EndpointGate;
  friend class GlobalCap;
  friend class detail::IntrusiveList<GateWaiter>;
  enum class Stage {
    idle,
    at_endpoint,  // queued at the endpoint, holds nothing
    at_global,    // holds an endpoint slot, queued at the global cap
    granted,      // holds both slots, scheduled to resume
    interrupted,  // holds nothing, scheduled to resume with Interrupted
    done,         // the permit owns the slots
  };

  void resume_with(Stage stage);

  EndpointGate& gate_;
  double tokens_;
  Stage stage_ = Stage::idle;
};

struct GateLimits {
  int max_in_flight = 32;
  std::optional<double> requests_per_minute;
  std::optional<double> tokens_per_minute;
};

class EndpointGate {
 public:
  EndpointGate(EventLoop& loop, GlobalCap& global, GateLimits limits);
  EndpointGate(const EndpointGate&) = delete;
  EndpointGate& operator=(const EndpointGate&) = delete;

  [[nodiscard]] GateWaiter acquire(std::int64_t estimated_tokens) {
    return GateWaiter(*this, static_cast<double>(estimated_tokens));
  }

  // Feedback from answers: a success grows the adaptive cap by one, an overloaded answer
  // (429, 503) halves it.
  void on_success();
  void on_overloaded();
  // Tokens used beyond the estimate (negative: fewer), charged to the token bucket.
  void correct_tokens(std::int64_t delta);

  int in_flight() const { return in_flight_; }
  int current_cap() const { return cap_.limit(); }
  std::size_t waiting() const;
  // The rate limit that holds the next request back now: "requests_per_minute 50" or
  // "tokens_per_minute 20000"; empty when none does (nobody waits, or the in-flight cap holds).
  std::string waiting_on();
  // How long, in all, a request was held back by a rate limit (as waiting_on() says).
  Duration rate_limited_for() const;

 private:
  friend class GateWaiter;
  friend class GlobalCap;
  friend class Permit;

  bool admissible_now(double tokens, TimePoint now);
  Duration bucket_wait(double tokens, TimePoint now);
  void take(double tokens, TimePoint now);
  void pump();
  void release_slot();
  void end_hold(TimePoint now);

  EventLoop& loop_;
  GlobalCap& global_;
  AdaptiveCap cap_;
  std::optional<TokenBucket> requests_;
  std::optional<TokenBucket> tokens_;
  int in_flight_ = 0;
  detail::IntrusiveList<GateWaiter> queue_;
  std::size_t queued_ = 0;
  Timer bucket_timer_;
  std::optional<TimePoint> held_since_;  // a bucket holds the head waiter since then
  Duration held_for_ = Duration::zero();
  StopHook stop_hook_;
};

}  // namespace pogen::http
