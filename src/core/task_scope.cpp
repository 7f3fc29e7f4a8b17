#include "core/task_scope.hpp"

#include <iterator>
#include <utility>

namespace pogen {

struct TaskScopeAccess {
  using Slot = std::list<std::coroutine_handle<>>::iterator;
  static void report(TaskScope& scope, std::exception_ptr error) { scope.report(error); }
  static void finished(TaskScope& scope, Slot slot) {
    scope.roots_.erase(slot);
    --scope.active_;
  }
  // The coroutine waiting in join(), once no root is left; else nothing to resume.
  static std::coroutine_handle<> joiner_if_idle(TaskScope& scope) {
    if (scope.active_ == 0 && scope.joiner_) return std::exchange(scope.joiner_, {});
    return std::noop_coroutine();
  }
};

namespace {

// The frame that runs one root task to completion. At its end it leaves the scope's list and
// frees itself (and with it the task's frames), so a finished root costs nothing and spawning
// never scans the other roots.
struct RootCoroutine {
  struct promise_type {
    TaskScope* scope = nullptr;
    TaskScopeAccess::Slot slot;

    RootCoroutine get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    auto final_suspend() const noexcept {
      struct Release {
        bool await_ready() const noexcept { return false; }
        std::coroutine_handle<> await_suspend(
            std::coroutine_handle<promise_type> self) const noexcept {
          TaskScope& scope = *self.promise().scope;
          TaskScopeAccess::finished(scope, self.promise().slot);
          self.destroy();
          // Resumed only now, with this root's frames gone, so the joiner may destroy the scope.
          return TaskScopeAccess::joiner_if_idle(scope);
        }
        void await_resume() const noexcept {}
      };
      return Release{};
    }
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
}

}  // namespace

TaskScope::TaskScope(ErrorHandler on_error) : on_error_(std::move(on_error)) {}

TaskScope::~TaskScope() {
  // Unlink before destroying: destroying one root's frames may end other roots, which then
  // unlink themselves from the list.
  while (!roots_.empty()) {
    auto handle = roots_.front();
    roots_.pop_front();
    --active_;
    handle.destroy();
  }
}

void TaskScope::spawn(Task<void> task) {
  auto root = run_root(std::move(task), *this).handle;
  roots_.push_back(root);
  ++active_;
  root.promise().scope = this;
  root.promise().slot = std::prev(roots_.end());
  root.resume();
}

void TaskScope::collect() {}

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
