#pragma once
// Owns top-level tasks: the roots of the coroutine trees that run on the event loop. A spawned
// task starts at once and runs until its first suspension. Its exception, if any, goes to the
// scope's error handler (so a root never dies silently). Destroying the scope destroys every
// unfinished root, and through them every nested task.

#include <coroutine>
#include <cstddef>
#include <exception>
#include <functional>
#include <list>

#include "core/task.hpp"

namespace pogen {

class TaskScope {
 public:
  using ErrorHandler = std::function<void(std::exception_ptr)>;

  // Without a handler, the first exception is kept for rethrow_first_error().
  explicit TaskScope(ErrorHandler on_error = {});
  ~TaskScope();
  TaskScope(const TaskScope&) = delete;
  TaskScope& operator=(const TaskScope&) = delete;

  void spawn(Task<void> task);
  // Roots that have not finished yet.
  std::size_t active() const { return active_; }
  // A finished root frees its frames (and the task's) as it ends, so there is nothing left to
  // collect; kept so that callers written against the older contract still compile.
  void collect();
  void rethrow_first_error();

  // co_await scope.join(): resumes when no root is active (at once if none is), from the end of
  // the last root, after its frames are freed, so the waiter may then destroy the scope. One
  // waiter at a time.
  struct Join {
    TaskScope& scope;
    bool await_ready() const noexcept { return scope.active_ == 0; }
    void await_suspend(std::coroutine_handle<> waiter) noexcept { scope.joiner_ = waiter; }
    void await_resume() const noexcept {}
  };
  [[nodiscard]] Join join() { return Join{*this}; }

 private:
  void report(std::exception_ptr error);
  friend struct TaskScopeAccess;

  std::list<std::coroutine_handle<>> roots_;
  std::size_t active_ = 0;
  ErrorHandler on_error_;
  std::exception_ptr first_error_;
  std::coroutine_handle<> joiner_;
};

}  // namespace pogen
