#pragma once
// co_await gather(tasks): the results of several tasks run concurrently (when_all), in the order
// the tasks were given whatever order they finish in. Judging sends both orders of a pair, every
// juror and every pair of a round at once, so that one item keeps several endpoints busy.

#include <optional>
#include <utility>
#include <vector>

#include "core/task.hpp"
#include "core/when_all.hpp"

namespace pogen::pipeline {
namespace detail {

template <typename T>
Task<void> fill_slot(Task<T> task, std::optional<T>& slot) {
  slot.emplace(co_await std::move(task));
}

}  // namespace detail

template <typename T>
Task<std::vector<T>> gather(std::vector<Task<T>> tasks) {
  std::vector<std::optional<T>> slots(tasks.size());
  std::vector<Task<void>> joined;
  joined.reserve(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    joined.push_back(detail::fill_slot(std::move(tasks[i]), slots[i]));
  }
  co_await when_all(std::move(joined));
  std::vector<T> results;
  results.reserve(slots.size());
  for (auto& slot : slots) results.push_back(std::move(*slot));
  co_return results;
}

}  // namespace pogen::pipeline
