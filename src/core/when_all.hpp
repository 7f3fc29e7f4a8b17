#pragma once
// co_await when_all(std::move(tasks)): runs every task concurrently (each until its first
// suspension, in order) and resumes the awaiter when all have finished. The first exception any
// of them threw is rethrown after all have finished, so no task is left running.

#include <coroutine>
#include <cstddef>
#include <exception>
#include <utility>
#include <vector>

#include "core/task.hpp"

namespace pogen {
namespace detail {

struct WhenAllState {
  std::size_t remaining = 0;
  std::coroutine_handle<> continuation;
  std::exception_ptr error;
};

class JoinTask {
 public:
  struct promise_type {
    WhenAllState* state = nullptr;
    JoinTask get_return_object() {
      return JoinTask(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    auto final_suspend() const noexcept {
      struct Last {
        bool await_ready() const noexcept { return false; }
        std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
          auto* state = h.promise().state;
          if (--state->remaining == 0) return state->continuation;
          return std::noop_coroutine();
        }
        void await_resume() const noexcept {}
      };
      return Last{};
    }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::terminate(); }
  };

  explicit JoinTask(std::coroutine_handle<promise_type> h) : handle_(h) {}
  JoinTask(JoinTask&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  JoinTask(const JoinTask&) = delete;
  ~JoinTask() {
    if (handle_) handle_.destroy();
  }
  void start(WhenAllState* state) {
    handle_.promise().state = state;
    handle_.resume();
  }

 private:
  std::coroutine_handle<promise_type> handle_;
};

inline JoinTask join_one(Task<void> task, WhenAllState* state) {
  try {
    co_await task;
  } catch (...) {
    if (!state->error) state->error = std::current_exception();
  }
}

class WhenAllAwaiter {
 public:
  explicit WhenAllAwaiter(std::vector<Task<void>> tasks) : tasks_(std::move(tasks)) {}
  bool await_ready() const noexcept { return tasks_.empty(); }
  bool await_suspend(std::coroutine_handle<> continuation) {
    // One extra count held while starting, so no child can resume us before we have suspended.
    state_.remaining = tasks_.size() + 1;
    state_.continuation = continuation;
    joins_.reserve(tasks_.size());
    for (auto& task : tasks_) joins_.push_back(join_one(std::move(task), &state_));
    for (auto& join : joins_) join.start(&state_);
    return --state_.remaining != 0;
  }
  void await_resume() {
    if (state_.error) std::rethrow_exception(state_.error);
  }

 private:
  std::vector<Task<void>> tasks_;
  std::vector<JoinTask> joins_;
  WhenAllState state_;
};

}  // namespace detail

inline Task<void> when_all(std::vector<Task<void>> tasks) {
  co_await detail::WhenAllAwaiter(std::move(tasks));
}

}  // namespace pogen
