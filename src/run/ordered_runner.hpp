#pragma once
// Streams inputs through a coroutine workflow, many at once, and hands the results on in input
// order. At most `window` items are between "read" and "handed on": that bounds both the requests
// an item stage can have in flight and the reorder buffer, so memory does not grow with the
// number of prompts.

#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <utility>

#include "core/async_semaphore.hpp"
#include "core/interrupted.hpp"
#include "core/task.hpp"
#include "core/task_scope.hpp"

namespace pogen::pipeline {

template <typename In, typename Out>
struct OrderedRun {
  std::function<std::optional<In>()> next;                // the next input, or nullopt at the end
  std::function<Task<Out>(In)> work;                      // one item's workflow
  std::function<void(Out)> emit;                          // called in input order
  std::function<bool()> stopping = [] { return false; };  // stop reading (signals, caps)
  std::size_t window = 64;
};

namespace detail {

template <typename Out>
class ReorderBuffer {
 public:
  ReorderBuffer(std::function<void(Out)>& emit, AsyncSemaphore& slots,
                std::exception_ptr& first_error)
      : emit_(emit), slots_(slots), first_error_(first_error) {}

  // A finished item; nullopt marks an item whose workflow threw (it leaves a gap, see below).
  // An emit that throws (an output that cannot be written: a full disk) is the run's error:
  // nothing more is emitted, and every slot is still released so that the run can end.
  void put(std::size_t seq, std::optional<Out> out) {
    ready_.emplace(seq, std::move(out));
    while (!ready_.empty() && ready_.begin()->first == next_) {
      auto node = ready_.extract(ready_.begin());
      ++next_;
      if (node.mapped() && !first_error_) {
        try {
          emit_(std::move(*node.mapped()));
        } catch (...) {
          first_error_ = std::current_exception();
        }
      }
      slots_.release();
    }
  }

 private:
  std::function<void(Out)>& emit_;
  AsyncSemaphore& slots_;
  std::exception_ptr& first_error_;
  std::map<std::size_t, std::optional<Out>> ready_;
  std::size_t next_ = 0;
};

template <typename In, typename Out>
Task<void> run_one(OrderedRun<In, Out>& run, ReorderBuffer<Out>& buffer, std::size_t seq, In input,
                   std::exception_ptr& first_error) {
  std::optional<Out> out;
  try {
    out.emplace(co_await run.work(std::move(input)));
  } catch (const ItemAbandoned&) {
    // Left out of the outputs, like an item never read; the run goes on with the others.
  } catch (...) {
    if (!first_error) first_error = std::current_exception();
  }
  buffer.put(seq, std::move(out));
}

}  // namespace detail

// Runs to the end of the input. A workflow that throws ItemAbandoned leaves its item out and the
// run goes on (the caller's `stopping` says when to stop reading). When a workflow throws
// (Interrupted, a fatal error), reading stops, the items already started finish, and the first
// exception is rethrown; the results around the failed item are still handed on in order, with that
// one missing (the caller writes to temporary files that are only renamed into place on success).
template <typename In, typename Out>
Task<void> run_in_order(OrderedRun<In, Out> run) {
  AsyncSemaphore slots(run.window);
  std::exception_ptr first_error;
  detail::ReorderBuffer<Out> buffer(run.emit, slots, first_error);
  TaskScope items;
  for (std::size_t seq = 0;; ++seq) {
    co_await slots.acquire();
    std::optional<In> input;
    try {
      if (!first_error && !run.stopping()) input = run.next();
    } catch (...) {
      // Reading can write too (a rejected record): stop, let the items under way end.
      first_error = std::current_exception();
    }
    if (!input) {
      slots.release();
      break;
    }
    items.spawn(detail::run_one(run, buffer, seq, std::move(*input), first_error));
  }
  // Every item started has been handed on once every root has finished; join() resumes us only
  // after the last item's frames are gone, so destroying `items` here is safe.
  co_await items.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace pogen::pipeline
