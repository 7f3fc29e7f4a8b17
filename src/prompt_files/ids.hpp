#pragma once
// Duplicate-id detection over a whole prompt file. Only a 64-bit hash of each id and its line
// are kept (16-byte slots, at most 3/4 of them used), so 10^6 prompts cost 32 MiB whatever
// their size: the one part of reading that grows with the file. Two different ids with the same
// hash would be reported as duplicates; the chance for 10^6 ids is about 3e-8.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace pogen::io {

class PromptIdRegistry {
 public:
  // Records that `id` was seen on `line`. Returns the line where it was first seen when it is a
  // duplicate (and keeps that first line).
  std::optional<std::size_t> insert(std::string_view id, std::size_t line);
  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;  // 0 marks an empty slot
    std::uint64_t line = 0;
  };
  void grow();

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace pogen::io
