// The loop's timed and stop-time waits: sleeps (a coroutine waits), timers (a callback waits) and
// stop hooks.
#include "core/interrupted.hpp"
#include "http/event_loop.hpp"

namespace pogen::http {

SleepAwaitable::SleepAwaitable(EventLoop& loop, TimePoint due) : loop_(loop) {
  TimerNode::when = due;
  fire = &SleepAwaitable::on_fire;
}

SleepAwaitable::~SleepAwaitable() { loop_.timers_.remove(*this); }

bool SleepAwaitable::await_ready() const noexcept {
  return loop_.stop_requested() || TimerNode::when <= loop_.clock().now();
}

void SleepAwaitable::await_suspend(std::coroutine_handle<> awaiter) {
  handle = awaiter;
  loop_.timers_.push(*this, TimerNode::when);
}

void SleepAwaitable::await_resume() const {
  if (interrupted_ || loop_.stop_requested()) throw Interrupted();
}

void SleepAwaitable::on_fire(detail::TimerNode& self, bool interrupted) {
  auto& sleep = static_cast<SleepAwaitable&>(self);
  sleep.interrupted_ = interrupted;
  sleep.loop_.schedule(sleep);
}

Timer::Timer(EventLoop& loop, std::function<void()> on_fire)
    : loop_(loop), callback_(std::move(on_fire)) {
  fire = &Timer::on_fire;
}

Timer::~Timer() { cancel(); }

void Timer::arm(TimePoint at) { loop_.timers_.push(*this, at); }

void Timer::cancel() { loop_.timers_.remove(*this); }

void Timer::on_fire(detail::TimerNode& self, bool interrupted) {
  if (!interrupted) static_cast<Timer&>(self).callback_();
}

StopHook::StopHook(EventLoop& loop, std::function<void()> on_stop) : callback_(std::move(on_stop)) {
  loop.stop_hooks_.push_back(*this);
}

}  // namespace pogen::http
