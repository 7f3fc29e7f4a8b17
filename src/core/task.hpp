#pragma once
// A lazy coroutine task. `co_await task` starts it and resumes the awaiter when it finishes; its
// value or exception is handed over at that point. A Task owns its frame: destroying an
// unfinished Task destroys the frame (and with it every Task that frame owns), which is how
// in-flight work is abandoned at shutdown.
//
// The awaiter runs the task inline and simply carries on if it finished without suspending; only
// a task that suspended resumes its awaiter later (by symmetric transfer). So a loop awaiting a
// million tasks that complete at once (cache hits) keeps a flat stack even where the compiler
// does not turn symmetric transfer into a tail call (-O0, sanitizers).

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace pogen {

template <typename T>
class Task;

namespace detail {

// Where a started task stands with respect to its awaiter.
enum class Start : unsigned char {
  lazy,             // not awaited yet
  running_inline,   // inside the awaiter's await_suspend
  finished_inline,  // finished there: the awaiter goes on without suspending
  suspended,        // suspended on the way: it resumes the awaiter when it finishes
};

struct FinalAwaiter {
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> done) noexcept {
    auto& promise = done.promise();
    if (promise.start == Start::running_inline) {
      promise.start = Start::finished_inline;
      return std::noop_coroutine();  // back into the awaiter's await_suspend
    }
    return promise.continuation ? promise.continuation : std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

struct PromiseBase {
  std::coroutine_handle<> continuation;
  std::exception_ptr error;
  Start start = Start::lazy;

  // Runs the task until it finishes or suspends; true when the awaiter must suspend.
  bool start_inline(std::coroutine_handle<> self, std::coroutine_handle<> awaiter) noexcept {
    continuation = awaiter;
    start = Start::running_inline;
    self.resume();
    if (start == Start::finished_inline) return false;
    start = Start::suspended;
    return true;
  }

  std::suspend_always initial_suspend() const noexcept { return {}; }
  FinalAwaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
};

}  // namespace detail

template <typename T>
class [[nodiscard]] Task {
 public:
  struct promise_type : detail::PromiseBase {
    std::optional<T> value;
    Task get_return_object() { return Task(Handle::from_promise(*this)); }
    template <typename U>
    void return_value(U&& v) {
      value.emplace(std::forward<U>(v));
    }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  bool valid() const { return static_cast<bool>(handle_); }
  bool done() const { return handle_ && handle_.done(); }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiter) noexcept {
    return handle_.promise().start_inline(handle_, awaiter);
  }
  T await_resume() {
    auto& promise = handle_.promise();
    if (promise.error) std::rethrow_exception(promise.error);
    return std::move(*promise.value);
  }

 private:
  explicit Task(Handle h) : handle_(h) {}
  void reset() {
    if (handle_) handle_.destroy();
    handle_ = {};
  }
  Handle handle_;
};

template <>
class [[nodiscard]] Task<void> {
 public:
  struct promise_type : detail::PromiseBase {
    Task get_return_object() { return Task(Handle::from_promise(*this)); }
    void return_void() noexcept {}
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  bool valid() const { return static_cast<bool>(handle_); }
  bool done() const { return handle_ && handle_.done(); }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiter) noexcept {
    return handle_.promise().start_inline(handle_, awaiter);
  }
  void await_resume() {
    if (handle_.promise().error) std::rethrow_exception(handle_.promise().error);
  }

 private:
  explicit Task(Handle h) : handle_(h) {}
  void reset() {
    if (handle_) handle_.destroy();
    handle_ = {};
  }
  Handle handle_;
};

}  // namespace pogen
