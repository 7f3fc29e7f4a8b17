#include "prompt_files/input.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/diagnostics.hpp"

namespace pogen::io {

namespace {
constexpr std::size_t kBufferSize = 64 * 1024;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

int UniqueFd::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

PromptInput::PromptInput(const std::string& path, std::string display_name)
    : display_name_(std::move(display_name)), buffer_(kBufferSize) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
    return;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail_read(errno);
  owned_ = UniqueFd(fd);
  fd_ = fd;
}

PromptInput::PromptInput(UniqueFd fd, std::string display_name)
    : owned_(std::move(fd)),
      fd_(owned_.get()),
      positional_(true),
      display_name_(std::move(display_name)),
      buffer_(kBufferSize) {}

void PromptInput::fail_read(int error) const {
  throw InputError(
      Diagnostic{display_name_, 0, "", "cannot read: " + std::system_category().message(error)});
}

bool PromptInput::fill() {
  if (at_end_) return false;
  if (begin_ == end_) {
    begin_ = end_ = 0;
  } else if (end_ == buffer_.size()) {
    // Keep the unread bytes: move them to the front, or grow when they fill the whole buffer
    // (only peek_nonspace keeps that much unread).
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    } else {
      buffer_.resize(2 * buffer_.size());
    }
  }
  for (;;) {
    char* out = buffer_.data() + end_;
    const std::size_t room = buffer_.size() - end_;
    const ssize_t n = positional_ ? ::pread(fd_, out, room, static_cast<off_t>(file_offset_))
                                  : ::read(fd_, out, room);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_read(errno);
    if (n == 0) {
      at_end_ = true;
      return false;
    }
    end_ += static_cast<std::size_t>(n);
    file_offset_ += static_cast<std::size_t>(n);
    return true;
  }
}

void PromptInput::skip_bom() {
  if (bom_checked_) return;
  bom_checked_ = true;
  while (end_ - begin_ < 3 && fill()) {
  }
  if (end_ - begin_ >= 3 && std::memcmp(buffer_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) {
    begin_ += 3;
  }
}

int PromptInput::get() {
  skip_bom();
  if (begin_ == end_ && !fill()) return -1;
  const char c = buffer_[begin_++];
  if (c == '\n') {
    ++line_;
    column_ = 1;
  } else {
    ++column_;
  }
  return static_cast<unsigned char>(c);
}

int PromptInput::peek() {
  skip_bom();
  if (begin_ == end_ && !fill()) return -1;
  return static_cast<unsigned char>(buffer_[begin_]);
}

int PromptInput::peek_nonspace() {
  skip_bom();
  std::size_t ahead = 0;  // fill() may move the unread bytes, so count from begin_
  for (;;) {
    while (begin_ + ahead < end_) {
      const char c = buffer_[begin_ + ahead];
      if (!is_space(c)) return static_cast<unsigned char>(c);
      ++ahead;
    }
    if (!fill()) return -1;
  }
}

bool PromptInput::read_line(std::string& line) {
  skip_bom();
  line.clear();
  bool any = false;
  for (;;) {
    if (begin_ == end_ && !fill()) break;
    any = true;
    const char* start = buffer_.data() + begin_;
    const std::size_t available = end_ - begin_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', available));
    if (newline != nullptr) {
      const auto length = static_cast<std::size_t>(newline - start);
      line.append(start, length);
      begin_ += length + 1;
      ++line_;
      column_ = 1;
      break;
    }
    line.append(start, available);
    begin_ = end_;
    column_ += available;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return any;
}

}  // namespace pogen::io
