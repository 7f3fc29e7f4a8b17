#pragma once
// What keeps a run inside its bounds, at two levels:
//
// - Items: before an item starts it reserves what its plan says it can need (the dry-run plan
//   of that one item: its requests and their cost at most). It starts only when that fits
//   beside what was sent and what the items under way have reserved; otherwise it waits for one
//   of them to end, and when none is under way and it still does not fit, the run stops there
//   (stopped_by max_requests or max_cost). The reservation is released when the item ends.
// - Requests: every HTTP attempt, retries and format re-asks included, is counted before it is
//   sent (llm::AttemptObserver). An attempt that would pass max_requests, or whose cost at most
//   (token bounds at the endpoint's price) would take the spend, plus what is in flight at most,
//   past max_cost, is not sent: its item is abandoned (left out, redone by the next run).
//
// It also watches the endpoints: an auth failure (401, 403) or a 404 (unknown model, wrong
// base URL) stops the run at once, and so does an endpoint whose every attempt failed with a
// connection error or a timeout for run.unreachable_timeout. Once stopping, no attempt is sent:
// the items under way are abandoned, the finished ones are kept (the command exits 1).

#include <chrono>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "config/run_config.hpp"
#include "core/interrupted.hpp"
#include "core/task.hpp"
#include "llm/client.hpp"
#include "run/dataset_plan.hpp"

namespace pogen::cli {

// What an item may need: requests and their cost at most.
struct Reservation {
  std::int64_t requests = 0;
  double cost = 0;
};

class RunGuard final : public llm::AttemptObserver {
 public:
  explicit RunGuard(const pipeline::RunConfig& config);
  RunGuard(const RunGuard&) = delete;
  RunGuard& operator=(const RunGuard&) = delete;

  // What the run has spent so far at the config's prices (read from the client's usage).
  void read_spending_from(std::function<double()> spent) { spent_ = std::move(spent); }
  // Requests and cost spent outside the client (the endpoint probe), counted against the caps.
  void count_spent_elsewhere(std::int64_t requests, double cost);

  class Admit;
  // Resumes true once `need` fits (the item may start), false when it cannot (the run stops).
  [[nodiscard]] Admit admit(Reservation need);
  // An admitted item has ended, however it ended.
  void release(Reservation need);

  void before_attempt(const llm::AttemptStart& attempt) override;
  void after_attempt(const llm::AttemptStart& attempt, const llm::AttemptEnd& end) override;

  bool stopping() const { return !stopped_by_.empty(); }
  // "", "max_requests", "max_cost" or "endpoint_failed".
  const std::string& stopped_by() const { return stopped_by_; }
  // Why the run stopped: the cap and what did not fit, or the endpoint and its failure.
  const std::string& stop_reason() const { return stop_reason_; }
  bool stopped_by_endpoint() const { return stopped_by_ == "endpoint_failed"; }
  // Attempts that failed, by failure kind name, as they happened.
  const std::map<std::string, std::int64_t>& failures_by_kind() const { return failures_; }

  class Admit {
   public:
    Admit(RunGuard& guard, Reservation need) : guard_(guard), need_(need) {}
    bool await_ready();
    void await_suspend(std::coroutine_handle<> waiter);
    bool await_resume() const { return admitted_; }

   private:
    friend class RunGuard;
    RunGuard& guard_;
    Reservation need_;
    bool admitted_ = false;
    std::coroutine_handle<> waiter_handle_;
  };

 private:
  bool fits(const Reservation& need) const;
  void take(Admit& admit);
  void refuse_item(const Reservation& need);
  void refuse(const std::string& cap, const std::string& why);
  void stop_for_endpoint(const std::string& why);
  double cost_at_most(const llm::AttemptStart& attempt) const;
  double spent_cost() const;
  void admit_waiters();

  std::optional<std::int64_t> max_requests_;
  std::optional<double> max_cost_;
  std::chrono::milliseconds unreachable_timeout_;
  std::map<std::string, pipeline::Price> prices_;
  std::function<double()> spent_ = [] { return 0.0; };

  std::int64_t sent_ = 0;       // attempts sent (and spent elsewhere)
  double spent_elsewhere_ = 0;  // the probe's cost
  double in_flight_cost_ = 0;   // attempts sent and not ended, at most
  Reservation reserved_;        // by the items under way
  std::int64_t items_under_way_ = 0;
  std::deque<Admit*> waiting_;
  bool admitting_ = false;

  std::map<std::string, std::chrono::steady_clock::time_point> failing_since_;
  std::map<std::string, std::int64_t> failures_;
  std::string stopped_by_;
  std::string stop_reason_;
};

// What an item whose plan (dry-run plan of that one item) is `plan` may need at most.
Reservation reservation_for(const pipeline::DatasetPlan& plan,
                            const std::map<std::string, pipeline::Price>& prices);

// Runs one item's workflow once the guard admits it, and releases its reservation when it ends.
// An item not admitted is abandoned (ItemAbandoned).
template <typename In, typename Out>
Task<Out> run_admitted(RunGuard& guard, Reservation need, std::function<Task<Out>(In)>& work,
                       In input) {
  const bool admitted = co_await guard.admit(need);  // g++ 12: no co_await in a condition
  if (!admitted) throw ItemAbandoned();
  std::optional<Out> out;
  std::exception_ptr error;
  try {
    out.emplace(co_await work(std::move(input)));
  } catch (...) {
    error = std::current_exception();
  }
  guard.release(need);
  if (error) std::rethrow_exception(error);
  co_return std::move(*out);
}

}  // namespace pogen::cli
