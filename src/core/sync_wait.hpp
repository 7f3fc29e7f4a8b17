#pragma once
// Runs a task that completes without waiting on the event loop (a scripted fake, pure
// coroutine logic) and returns its result. Tests use it; production code runs tasks on the loop.

#include <optional>
#include <stdexcept>
#include <utility>

#include "core/task.hpp"
#include "core/task_scope.hpp"

namespace pogen {

template <typename T>
T sync_wait(Task<T> task) {
  std::optional<T> result;
  TaskScope scope;
  scope.spawn([](Task<T> inner, std::optional<T>& out) -> Task<void> {
    out.emplace(co_await std::move(inner));
  }(std::move(task), result));
  scope.rethrow_first_error();
  if (!result) throw std::logic_error("sync_wait: the task suspended and did not complete");
  return std::move(*result);
}

inline void sync_wait(Task<void> task) {
  bool done = false;
  TaskScope scope;
  scope.spawn([](Task<void> inner, bool& finished) -> Task<void> {
    co_await std::move(inner);
    finished = true;
  }(std::move(task), done));
  scope.rethrow_first_error();
  if (!done) throw std::logic_error("sync_wait: the task suspended and did not complete");
}

}  // namespace pogen
