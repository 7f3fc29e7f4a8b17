#include "pogen/core/task_scope.hpp"

#include <utility>

namespace pogen {

struct TaskScopeAccess {
  static void report(TaskScope& scope, std::exception_ptr error) { scope.report(error); }
  static void finished(TaskScope& scope) { --scope.active_; }
};

namespace {

// The frame that runs one root task to completion and then stays suspended at its end until the
// scope frees it, so the scope never touches freed memory.
struct RootCoroutine {
  struct promise_type {
    RootCoroutine get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    std::suspend_always final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

RootCoroutine run_root(Task<void> task, TaskScope& scope) {
  try {
    co_await task;
  } catch (...) {
    TaskScopeAccess::report(scope, std::current_exception());
  }
  TaskScopeAccess::finished(scope);
}

}  // namespace

TaskScope::TaskScope(ErrorHandler on_error) : on_error_(std::move(on_error)) {}

TaskScope::~TaskScope() {
  for (auto handle : roots_) handle.destroy();
}

void TaskScope::spawn(Task<void> task) {
  collect();
  auto root = run_root(std::move(task), *this).handle;
  roots_.push_back(root);
  ++active_;
  root.resume();
}

void TaskScope::collect() {
  for (auto it = roots_.begin(); it != roots_.end();) {
    if (it->done()) {
      it->destroy();
      it = roots_.erase(it);
    } else {
      ++it;
    }
  }
}

void TaskScope::report(std::exception_ptr error) {
  if (on_error_) {
    on_error_(error);
  } else if (!first_error_) {
    first_error_ = error;
  }
}

void TaskScope::rethrow_first_error() {
  if (first_error_) std::rethrow_exception(std::exchange(first_error_, nullptr));
}

}  // namespace pogen
