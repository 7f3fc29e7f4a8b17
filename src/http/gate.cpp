#include "http/gate.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "core/interrupted.hpp"

namespace pogen::http {

GlobalCap::GlobalCap(EventLoop& loop, int limit)
    : loop_(loop), limit_(limit), stop_hook_(loop, [this] { interrupt_waiters(); }) {
  if (limit < 1) {
    throw std::invalid_argument("global cap: the limit must be at least 1, not " +
                                std::to_string(limit));
  }
}

// The waiter holds an endpoint slot already.
void GlobalCap::admit(GateWaiter& waiter) {
  if (has_room()) {
    ++in_flight_;
    waiter.resume_with(GateWaiter::Stage::granted);
    return;
  }
  waiter.stage_ = GateWaiter::Stage::at_global;
  queue_.push_back(waiter);
}

void GlobalCap::release() {
  --in_flight_;
  while (in_flight_ < limit_ && !queue_.empty()) {
    ++in_flight_;
    queue_.pop_front()->resume_with(GateWaiter::Stage::granted);
  }
}

void GlobalCap::interrupt_waiters() {
  while (GateWaiter* waiter = queue_.pop_front()) {
    waiter->resume_with(GateWaiter::Stage::interrupted);
    waiter->gate_.release_slot();
  }
}

Permit& Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    release();
    gate_ = std::exchange(other.gate_, nullptr);
  }
  return *this;
}

void Permit::release() {
  EndpointGate* gate = std::exchange(gate_, nullptr);
  if (gate == nullptr) return;
  // The endpoint first: its next waiter then queues at the global cap, behind older waiters of
  // other endpoints, before the global slot is handed on.
  gate->release_slot();
  gate->global_.release();
}

GateWaiter::~GateWaiter() {
  switch (stage_) {
    case Stage::at_endpoint:
      static_cast<detail::ListHook&>(*this).unlink();
      --gate_.queued_;
      gate_.pump();  // the waiter behind may be admissible now
      break;
    case Stage::at_global:
      static_cast<detail::ListHook&>(*this).unlink();
      gate_.release_slot();
      break;
    case Stage::granted:
      static_cast<detail::ListHook&>(*this).unlink();
      gate_.release_slot();
      gate_.global_.release();
      break;
    default:
      break;
  }
}

bool GateWaiter::await_ready() {
  if (gate_.loop_.stop_requested()) {
    stage_ = Stage::interrupted;
    return true;
  }
  TimePoint now = gate_.loop_.clock().now();
  if (!gate_.admissible_now(tokens_, now)) return false;
  gate_.take(tokens_, now);
  ++gate_.in_flight_;
  ++gate_.global_.in_flight_;
  stage_ = Stage::granted;
  return true;
}

void GateWaiter::await_suspend(std::coroutine_handle<> awaiter) {
  handle = awaiter;
  stage_ = Stage::at_endpoint;
  gate_.queue_.push_back(*this);
  ++gate_.queued_;
  gate_.pump();
}

Permit GateWaiter::await_resume() {
  if (stage_ == Stage::interrupted) throw Interrupted();
  stage_ = Stage::done;
  return Permit(&gate_);
}

void GateWaiter::resume_with(Stage stage) {
  stage_ = stage;
  gate_.loop_.schedule(*this);
}

EndpointGate::EndpointGate(EventLoop& loop, GlobalCap& global, GateLimits limits)
    : loop_(loop),
      global_(global),
      cap_(limits.max_in_flight),
      bucket_timer_(loop, [this] { pump(); }),
      stop_hook_(loop, [this] { pump(); }) {
  TimePoint now = loop.clock().now();
  if (limits.requests_per_minute) requests_.emplace(*limits.requests_per_minute, now);
  if (limits.tokens_per_minute) tokens_.emplace(*limits.tokens_per_minute, now);
}

std::size_t EndpointGate::waiting() const { return queued_; }

void EndpointGate::on_success() {
  cap_.on_success();
  pump();
}

void EndpointGate::on_overloaded() { cap_.on_overloaded(); }

void EndpointGate::correct_tokens(std::int64_t delta) {
  if (!tokens_ || delta == 0) return;
  tokens_->adjust(static_cast<double>(delta), loop_.clock().now());
  pump();
}

Duration EndpointGate::bucket_wait(double tokens, TimePoint now) {
  Duration wait = Duration::zero();
  if (requests_) wait = std::max(wait, requests_->time_until(1, now));
  if (tokens_) wait = std::max(wait, tokens_->time_until(tokens, now));
  return wait;
}

bool EndpointGate::admissible_now(double tokens, TimePoint now) {
  return queue_.empty() && in_flight_ < cap_.limit() && global_.has_room() &&
         bucket_wait(tokens, now) == Duration::zero();
}

void EndpointGate::take(double tokens, TimePoint now) {
  if (requests_) requests_->take(1, now);
  if (tokens_) tokens_->take(tokens, now);
}

// Admits waiters from the head of the queue while the cap and the buckets allow.
void EndpointGate::pump() {
  if (loop_.stop_requested()) {
    bucket_timer_.cancel();
    while (GateWaiter* waiter = queue_.pop_front()) {
      --queued_;
      waiter->resume_with(GateWaiter::Stage::interrupted);
    }
    return;
  }
  while (!queue_.empty() && in_flight_ < cap_.limit()) {
    TimePoint now = loop_.clock().now();
    GateWaiter& head = queue_.front();
    Duration wait = bucket_wait(head.tokens_, now);
    if (wait > Duration::zero()) {
      if (!held_since_) held_since_ = now;
      bucket_timer_.arm(now + wait);
      return;
    }
    end_hold(now);
    queue_.pop_front();
    --queued_;
    take(head.tokens_, now);
    ++in_flight_;
    global_.admit(head);
  }
  // Blocked by the cap (a release pumps again) or nobody waits: no timer needed.
  end_hold(loop_.clock().now());
  bucket_timer_.cancel();
}

void EndpointGate::end_hold(TimePoint now) {
  if (!held_since_) return;
  held_for_ += now - *held_since_;
  held_since_.reset();
}

std::string EndpointGate::waiting_on() {
  if (queue_.empty() || in_flight_ >= cap_.limit()) return {};
  const TimePoint now = loop_.clock().now();
  if (requests_ && requests_->time_until(1, now) > Duration::zero()) {
    return fmt::format("requests_per_minute {:g}", requests_->capacity());
  }
  if (tokens_ && tokens_->time_until(queue_.front().tokens_, now) > Duration::zero()) {
    return fmt::format("tokens_per_minute {:g}", tokens_->capacity());
  }
  return {};
}

Duration EndpointGate::rate_limited_for() const {
  Duration total = held_for_;
  if (held_since_) total += loop_.clock().now() - *held_since_;
  return total;
}

void EndpointGate::release_slot() {
  --in_flight_;
  pump();
}

}  // namespace pogen::http
