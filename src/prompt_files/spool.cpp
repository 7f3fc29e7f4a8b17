#include "prompt_files/spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <vector>

#include "core/diagnostics.hpp"

namespace pogen::io {

namespace {

std::string error_text(int error) { return std::system_category().message(error); }

UniqueFd make_unlinked_temp_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string path =
      std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/pogen-stdin-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    throw FatalError("cannot create a temporary file to hold stdin in " + path + ": " +
                     error_text(errno));
  }
  ::unlink(path.c_str());
  return UniqueFd(fd);
}

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw FatalError("cannot write the temporary copy of stdin: " + error_text(errno));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

PromptSpool::PromptSpool(int fd, std::string display_name)
    : file_(make_unlinked_temp_file()), display_name_(std::move(display_name)) {
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      throw InputError(Diagnostic{display_name_, 0, "", "cannot read: " + error_text(errno)});
    }
    if (n == 0) break;
    write_all(file_.get(), buffer.data(), static_cast<std::size_t>(n));
    size_ += static_cast<std::size_t>(n);
  }
}

UniqueFd PromptSpool::reopen() const {
  const int fd = ::fcntl(file_.get(), F_DUPFD_CLOEXEC, 0);
  if (fd < 0) throw FatalError("cannot reopen the temporary copy of stdin: " + error_text(errno));
  return UniqueFd(fd);
}

}  // namespace pogen::io
