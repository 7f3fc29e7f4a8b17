#include "prompt_files/ids.hpp"

#include "prompt_files/hash.hpp"

namespace pogen::io {

namespace {
constexpr std::size_t kInitialSlots = 1024;  // a power of two
}  // namespace

std::optional<std::size_t> PromptIdRegistry::insert(std::string_view id, std::size_t line) {
  // Linear probing stays short while at most 3/4 of the slots are used.
  if (4 * (size_ + 1) > 3 * slots_.size()) grow();
  std::uint64_t hash = hash64(id);
  if (hash == 0) hash = 1;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.hash == hash) return static_cast<std::size_t>(slot.line);
    if (slot.hash == 0) {
      slot = {hash, line};
      ++size_;
      return std::nullopt;
    }
  }
}

void PromptIdRegistry::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? kInitialSlots : 2 * old.size(), Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.hash == 0) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace pogen::io
