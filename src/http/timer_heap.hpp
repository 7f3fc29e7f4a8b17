#pragma once
// The event loop's timers: a binary min-heap ordered by (time, arming order). Each node knows
// its index in the heap, so cancelling one (its waiter was destroyed) is O(log n), not a scan.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/clock.hpp"

namespace pogen::http::detail {

struct TimerNode {
  static constexpr std::size_t kNotQueued = std::numeric_limits<std::size_t>::max();

  TimePoint when{};
  std::uint64_t sequence = 0;  // ties fire in arming order
  std::size_t heap_index = kNotQueued;
  // Runs on the loop thread when due; `interrupted` when the loop is stopping instead.
  void (*fire)(TimerNode& self, bool interrupted) = nullptr;

  bool queued() const { return heap_index != kNotQueued; }
};

class TimerHeap {
 public:
  bool empty() const { return nodes_.empty(); }
  std::size_t size() const { return nodes_.size(); }
  TimerNode& top() const { return *nodes_.front(); }

  void push(TimerNode& node, TimePoint when);
  void remove(TimerNode& node);
  TimerNode& pop();

 private:
  static bool earlier(const TimerNode* a, const TimerNode* b) {
    return a->when < b->when || (a->when == b->when && a->sequence < b->sequence);
  }
  void place(std::size_t index, TimerNode* node);
  void sift_up(std::size_t index);
  void sift_down(std::size_t index);

  std::vector<TimerNode*> nodes_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace pogen::http::detail
