#include "http/timer_heap.hpp"

#include <utility>

namespace pogen::http::detail {

void TimerHeap::place(std::size_t index, TimerNode* node) {
  nodes_[index] = node;
  node->heap_index = index;
}

void TimerHeap::sift_up(std::size_t index) {
  TimerNode* node = nodes_[index];
  while (index > 0) {
    std::size_t parent = (index - 1) / 2;
    if (!earlier(node, nodes_[parent])) break;
    place(index, nodes_[parent]);
    index = parent;
  }
  place(index, node);
}

void TimerHeap::sift_down(std::size_t index) {
  TimerNode* node = nodes_[index];
  const std::size_t count = nodes_.size();
  for (;;) {
    std::size_t child = 2 * index + 1;
    if (child >= count) break;
    if (child + 1 < count && earlier(nodes_[child + 1], nodes_[child])) ++child;
    if (!earlier(nodes_[child], node)) break;
    place(index, nodes_[child]);
    index = child;
  }
  place(index, node);
}

void TimerHeap::push(TimerNode& node, TimePoint when) {
  if (node.queued()) remove(node);
  node.when = when;
  node.sequence = next_sequence_++;
  nodes_.push_back(&node);
  sift_up(nodes_.size() - 1);
}

void TimerHeap::remove(TimerNode& node) {
  if (!node.queued()) return;
  std::size_t index = node.heap_index;
  node.heap_index = TimerNode::kNotQueued;
  TimerNode* last = nodes_.back();
  nodes_.pop_back();
  if (last == &node) return;
  place(index, last);
  // The moved node may belong above or below its new slot.
  sift_up(index);
  sift_down(last->heap_index);
}

TimerNode& TimerHeap::pop() {
  TimerNode& node = top();
  remove(node);
  return node;
}

}  // namespace pogen::http::detail
