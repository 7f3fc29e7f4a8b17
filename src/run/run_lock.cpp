#include "run/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "core/diagnostics.hpp"

namespace pogen::io {
namespace {

constexpr const char* kLockName = ".pogen.lock";

// The pid text in the lock file (digits only), or "" when it holds none yet.
std::string read_pid(int fd) {
  char buffer[32] = {};
  const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0) return "";
  std::string_view text(buffer, static_cast<std::size_t>(n));
  const std::size_t end = text.find_first_not_of("0123456789");
  return std::string(text.substr(0, end));
}

int flock_retrying(int fd, int operation) {
  int rc = 0;
  do {
    rc = ::flock(fd, operation);
  } while (rc != 0 && errno == EINTR);
  return rc;
}

}  // namespace

RunLock::RunLock(std::string run_dir)
    : run_dir_(std::move(run_dir)),
      lock_path_((std::filesystem::path(run_dir_) / kLockName).string()) {
  std::error_code error;
  std::filesystem::create_directories(run_dir_, error);
  if (error) {
    throw FatalError("cannot create run directory " + run_dir_ + ": " + error.message());
  }
  fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw FatalError("run directory " + run_dir_ + " is not writable: cannot open " + lock_path_ +
                     ": " + std::strerror(errno));
  }
  try {
    take_lock();
    write_own_pid();
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

RunLock::~RunLock() {
  // A run that ends, however it ends short of being killed, leaves the lock file empty: a pid
  // in it means its holder died holding it, which is what the next run's message says.
  if (::ftruncate(fd_, 0) != 0) {
    spdlog::debug("cannot empty {}: {}", lock_path_, std::strerror(errno));
  }
  // Closing the only descriptor of this open file description releases the flock.
  ::close(fd_);
}

void RunLock::take_lock() {
  if (flock_retrying(fd_, LOCK_EX | LOCK_NB) == 0) return;
  if (errno != EWOULDBLOCK) {
    throw FatalError("cannot lock " + lock_path_ + ": " + std::strerror(errno));
  }
  // The holder writes its pid right after locking; in that instant the file may be empty.
  std::string pid = read_pid(fd_);
  if (pid.empty()) pid = "unknown";
  throw FatalError("run directory " + run_dir_ + " is in use by another pogen run (pid " + pid +
                   "); wait for it to finish or choose another --out");
}

void RunLock::write_own_pid() {
  const std::string own = std::to_string(::getpid());
  const std::string previous = read_pid(fd_);
  if (!previous.empty() && previous != own) {
    spdlog::info("run directory {}: took over the stale lock of pid {}, which has ended", run_dir_,
                 previous);
  }
  const std::string text = own + "\n";
  if (::ftruncate(fd_, 0) != 0 ||
      ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    throw FatalError("run directory " + run_dir_ + " is not writable: cannot write " + lock_path_ +
                     ": " + std::strerror(errno));
  }
}

}  // namespace pogen::io
