#include "run/run_guard.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "chat/failure.hpp"
#include "core/enum_names.hpp"

namespace pogen::cli {
namespace {

using SteadyTime = std::chrono::steady_clock;

// Failures that no retry and no other item can fix: the credentials, or the model or the URL.
bool is_fatal(llm::FailureKind kind) {
  return kind == llm::FailureKind::auth || kind == llm::FailureKind::not_found;
}

bool is_unreachable(llm::FailureKind kind) {
  return kind == llm::FailureKind::connection || kind == llm::FailureKind::timeout;
}

double seconds(std::chrono::milliseconds ms) { return static_cast<double>(ms.count()) / 1000.0; }

}  // namespace

Reservation reservation_for(const pipeline::DatasetPlan& plan,
                            const std::map<std::string, pipeline::Price>& prices) {
  return {plan.total_requests(), plan.cost(prices).value_or(0)};
}

RunGuard::RunGuard(const pipeline::RunConfig& config)
    : max_requests_(config.run.max_requests),
      max_cost_(config.run.max_cost),
      unreachable_timeout_(config.run.unreachable_timeout),
      prices_(config.prices) {}

void RunGuard::count_spent_elsewhere(std::int64_t requests, double cost) {
  sent_ += requests;
  spent_elsewhere_ += cost;
}

double RunGuard::spent_cost() const { return spent_() + spent_elsewhere_; }

bool RunGuard::fits(const Reservation& need) const {
  if (max_requests_ && sent_ + reserved_.requests + need.requests > *max_requests_) return false;
  if (max_cost_ && spent_cost() + in_flight_cost_ + reserved_.cost + need.cost > *max_cost_) {
    return false;
  }
  return true;
}

bool RunGuard::Admit::await_ready() {
  if (guard_.stopping()) return true;  // admitted_ stays false
  if (guard_.waiting_.empty() && guard_.fits(need_)) {
    guard_.take(*this);
    return true;
  }
  if (guard_.items_under_way_ > 0) return false;  // wait for one to end
  guard_.refuse_item(need_);
  return true;
}

void RunGuard::Admit::await_suspend(std::coroutine_handle<> waiter) {
  guard_.waiting_.push_back(this);
  waiter_handle_ = waiter;
}

RunGuard::Admit RunGuard::admit(Reservation need) { return Admit(*this, need); }

void RunGuard::release(Reservation need) {
  --items_under_way_;
  reserved_.requests -= need.requests;
  reserved_.cost -= need.cost;
  admit_waiters();
}

// Resumes the waiters, oldest first, while they fit; when one does not fit and no item is under
// way, nothing ever will: the run stops and every waiter is refused. Resuming a waiter can end
// an item at once (answered from the cache) and call release() again: that call returns and
// this loop goes on.
void RunGuard::admit_waiters() {
  if (admitting_) return;
  admitting_ = true;
  while (!waiting_.empty()) {
    Admit* head = waiting_.front();
    if (!stopping() && !fits(head->need_)) {
      if (items_under_way_ > 0) break;
      refuse_item(head->need_);
    }
    waiting_.pop_front();
    if (!stopping()) take(*head);
    head->waiter_handle_.resume();
  }
  admitting_ = false;
}

void RunGuard::take(Admit& admit) {
  admit.admitted_ = true;
  ++items_under_way_;
  reserved_.requests += admit.need_.requests;
  reserved_.cost += admit.need_.cost;
}

void RunGuard::refuse_item(const Reservation& need) {
  const bool requests = max_requests_ && sent_ + need.requests > *max_requests_;
  refuse(requests ? "max_requests" : "max_cost",
         requests ? fmt::format("the next item needs up to {} requests", need.requests)
                  : fmt::format("the next item could cost up to {:.4f}", need.cost));
}

void RunGuard::refuse(const std::string& cap, const std::string& why) {
  if (stopping()) return;
  stopped_by_ = cap;
  if (cap == "max_requests") {
    stop_reason_ = fmt::format("run.max_requests {}: {} sent; {}", *max_requests_, sent_, why);
  } else {
    stop_reason_ =
        fmt::format("run.max_cost {:.4f}: {:.4f} spent; {}", *max_cost_, spent_cost(), why);
  }
}

void RunGuard::stop_for_endpoint(const std::string& why) {
  if (stopped_by_endpoint()) return;
  stopped_by_ = "endpoint_failed";
  stop_reason_ = why;
}

double RunGuard::cost_at_most(const llm::AttemptStart& attempt) const {
  auto price = prices_.find(attempt.endpoint.name);
  if (price == prices_.end()) return 0;
  return price->second.cost(attempt.tokens.prompt, attempt.tokens.completion);
}

void RunGuard::before_attempt(const llm::AttemptStart& attempt) {
  if (stopped_by_endpoint()) throw ItemAbandoned();
  const std::string& name = attempt.endpoint.name;
  auto since = failing_since_.find(name);
  if (since != failing_since_.end() && SteadyTime::now() - since->second >= unreachable_timeout_) {
    stop_for_endpoint(fmt::format(
        "endpoint \"{}\": unreachable for {:.0f} s (run.unreachable_timeout): every attempt "
        "failed with a connection error or a timeout",
        name, seconds(unreachable_timeout_)));
    throw ItemAbandoned();
  }
  if (max_requests_ && sent_ + 1 > *max_requests_) {
    refuse("max_requests", "a request of an item under way would pass it");
    throw ItemAbandoned();
  }
  const double cost = cost_at_most(attempt);
  if (max_cost_ && spent_cost() + in_flight_cost_ + cost > *max_cost_) {
    refuse("max_cost", fmt::format("a request of an item under way could cost up to {:.4f}", cost));
    throw ItemAbandoned();
  }
  ++sent_;
  in_flight_cost_ += cost;
}

void RunGuard::after_attempt(const llm::AttemptStart& attempt, const llm::AttemptEnd& end) {
  in_flight_cost_ -= cost_at_most(attempt);
  const std::string& name = attempt.endpoint.name;
  if (end.ok) {
    failing_since_.erase(name);
    return;
  }
  ++failures_[std::string(name_of(end.kind))];
  if (is_fatal(end.kind)) {
    stop_for_endpoint(fmt::format(
        "endpoint \"{}\" (model \"{}\"): {}", name, attempt.endpoint.model,
        llm::describe_failure(llm::Failure{end.kind, end.http_status, end.message, 1})));
    throw ItemAbandoned();
  }
  if (!is_unreachable(end.kind)) {
    failing_since_.erase(name);  // it answered, if badly
    return;
  }
  const auto now = SteadyTime::now();
  auto [since, first] = failing_since_.emplace(name, now);
  if (!first && now - since->second >= unreachable_timeout_) {
    stop_for_endpoint(fmt::format(
        "endpoint \"{}\": unreachable for {:.0f} s (run.unreachable_timeout); last: {}", name,
        seconds(unreachable_timeout_),
        llm::describe_failure(llm::Failure{end.kind, end.http_status, end.message, 1})));
    throw ItemAbandoned();
  }
}

}  // namespace pogen::cli
