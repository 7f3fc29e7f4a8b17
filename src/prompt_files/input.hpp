#pragma once
// Buffered reading of a prompt file or of stdin, keeping the line and column of the next byte
// so that every record can say where it starts. Memory is one buffer, whatever the file size.

#include <cstddef>
#include <string>
#include <vector>

namespace pogen::io {

// Owns a file descriptor.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  int get() const { return fd_; }
  int release();

 private:
  int fd_ = -1;
};

class PromptInput {
 public:
  // Opens `path` ("-" is stdin, read from where it stands and left open). Throws InputError
  // `<display_name>: cannot read: <reason>` when the file cannot be opened.
  PromptInput(const std::string& path, std::string display_name);
  // Reads `fd` from offset 0 with pread, leaving the descriptor's own offset alone, so several
  // inputs can read one spooled file independently.
  PromptInput(UniqueFd fd, std::string display_name);

  const std::string& display_name() const { return display_name_; }
  // The next byte (0..255), or -1 at the end. A UTF-8 byte order mark at the start is skipped.
  int get();
  int peek();
  // The first byte ahead that is not ASCII whitespace, without consuming anything; -1 if none.
  int peek_nonspace();
  // The rest of the current line without its "\n" and without a "\r" before it; false at the end.
  bool read_line(std::string& line);
  std::size_t line() const { return line_; }      // 1-based line of the next byte
  std::size_t column() const { return column_; }  // 1-based column (in bytes) of the next byte

 private:
  bool fill();  // appends more bytes to the buffer; false at the end
  void skip_bom();
  [[noreturn]] void fail_read(int error) const;

  UniqueFd owned_;
  int fd_ = -1;
  bool positional_ = false;
  std::size_t file_offset_ = 0;  // next pread offset
  std::string display_name_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // next unread byte
  std::size_t end_ = 0;    // end of the bytes read
  bool at_end_ = false;
  bool bom_checked_ = false;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
};

}  // namespace pogen::io
