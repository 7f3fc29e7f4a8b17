#pragma once
// A counting semaphore for coroutines on one thread: `co_await sem.acquire()` suspends while no
// unit is free; release() hands the unit straight to the oldest waiter (FIFO) and resumes it.
// Used to bound the items in flight, which bounds memory. Waiters must not be destroyed while
// queued (they are not, in pogen: the semaphore dies with the run that owns every waiter).

#include <coroutine>
#include <cstddef>
#include <deque>

namespace pogen {

class AsyncSemaphore {
 public:
  explicit AsyncSemaphore(std::size_t units) : free_(units) {}
  AsyncSemaphore(const AsyncSemaphore&) = delete;
  AsyncSemaphore& operator=(const AsyncSemaphore&) = delete;

  class Acquire {
   public:
    explicit Acquire(AsyncSemaphore& sem) : sem_(sem) {}
    bool await_ready() const noexcept { return sem_.free_ > 0 && sem_.waiters_.empty(); }
    void await_suspend(std::coroutine_handle<> h) { sem_.waiters_.push_back(h); }
    // release() frees a unit and resumes the waiter at once, so nobody can take it in between.
    void await_resume() noexcept { --sem_.free_; }

   private:
    AsyncSemaphore& sem_;
  };

  [[nodiscard]] Acquire acquire() { return Acquire(*this); }

  void release() {
    if (waiters_.empty()) {
      ++free_;
      return;
    }
    auto next = waiters_.front();
    waiters_.pop_front();
    ++free_;
    next.resume();
  }

  std::size_t available() const { return free_; }
  std::size_t waiting() const { return waiters_.size(); }

 private:
  std::size_t free_;
  std::deque<std::coroutine_handle<>> waiters_;
};

}  // namespace pogen
