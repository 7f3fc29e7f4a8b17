#pragma once
// Intrusive doubly-linked lists for the event loop's queues. A node lives inside the object that
// waits (an awaitable in a coroutine frame), so queueing allocates nothing, and a node unlinks
// itself when destroyed, so a frame destroyed while it waits never leaves a dangling entry.

#include <coroutine>

namespace pogen::http::detail {

struct ListHook {
  ListHook* prev = this;
  ListHook* next = this;

  ListHook() = default;
  ListHook(const ListHook&) = delete;
  ListHook& operator=(const ListHook&) = delete;
  ~ListHook() { unlink(); }

  bool linked() const { return next != this; }
  void unlink() {
    prev->next = next;
    next->prev = prev;
    prev = next = this;
  }
};

// T derives from ListHook. A node is in at most one list at a time; push_back moves it.
template <typename T>
class IntrusiveList {
 public:
  IntrusiveList() = default;
  IntrusiveList(const IntrusiveList&) = delete;
  IntrusiveList& operator=(const IntrusiveList&) = delete;

  bool empty() const { return !head_.linked(); }
  T& front() { return static_cast<T&>(*head_.next); }

  void push_back(T& node) {
    ListHook& hook = node;
    hook.unlink();
    hook.prev = head_.prev;
    hook.next = &head_;
    head_.prev->next = &hook;
    head_.prev = &hook;
  }

  T* pop_front() {
    if (empty()) return nullptr;
    T& node = front();
    static_cast<ListHook&>(node).unlink();
    return &node;
  }

  // Moves every node of `other` to the end of this list, in order.
  void splice_back(IntrusiveList& other) {
    if (other.empty()) return;
    ListHook* first = other.head_.next;
    ListHook* last = other.head_.prev;
    other.head_.prev = other.head_.next = &other.head_;
    first->prev = head_.prev;
    last->next = &head_;
    head_.prev->next = first;
    head_.prev = last;
  }

 private:
  ListHook head_;
};

// Something the loop resumes: a coroutine waiting on a transfer, a timer or a gate.
struct Resumable : ListHook {
  std::coroutine_handle<> handle;
};

}  // namespace pogen::http::detail
