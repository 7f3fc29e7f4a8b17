#pragma once
// stdin can be read only once, yet a prompt set is checked in full before the first request and
// then read again. So stdin is first copied to a temporary file: created in $TMPDIR (else /tmp)
// and unlinked at once, it disappears with the last reader even after a crash. Its size is the
// size of the input: for a very large input, give a file path instead or point TMPDIR at a disk.

#include <string>

#include "prompt_files/input.hpp"

namespace pogen::io {

class PromptSpool {
 public:
  // Copies everything readable from `fd` (stdin by default) up to its end. Throws InputError
  // `<display_name>: cannot read: <reason>` or FatalError when no temporary file can be written.
  explicit PromptSpool(int fd = 0, std::string display_name = "<stdin>");

  const std::string& display_name() const { return display_name_; }
  std::size_t size() const { return size_; }
  // A new descriptor on the copy (each reader reads it from the start with pread).
  UniqueFd reopen() const;

 private:
  UniqueFd file_;
  std::string display_name_;
  std::size_t size_ = 0;
};

}  // namespace pogen::io
