#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "core/diagnostics.hpp"
#include "run/run_lock.hpp"

namespace pogen::io {
namespace {

class LockDir {
 public:
  LockDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pogen-lock-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  LockDir(const LockDir&) = delete;
  LockDir& operator=(const LockDir&) = delete;
  ~LockDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string in_use_message(const std::string& dir, long pid) {
  return "run directory " + dir + " is in use by another pogen run (pid " + std::to_string(pid) +
         "); wait for it to finish or choose another --out";
}

// Routes the default logger into a ring buffer for the test's lifetime.
class CapturedLog {
 public:
  CapturedLog()
      : previous_(spdlog::default_logger()),
        sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16)) {
    auto logger = std::make_shared<spdlog::logger>("captured", sink_);
    logger->set_pattern("%l %v");
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (auto line : sink_->last_formatted()) {
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
      out.push_back(line);
    }
    return out;
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

// A pid that certainly belonged to a process that has ended: a child that exited and was reaped.
pid_t dead_pid() {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  return child;
}

class Pipe {
 public:
  Pipe() { REQUIRE(::pipe(fds_) == 0); }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }
  void close_read() { close_fd(fds_[0]); }
  void close_write() { close_fd(fds_[1]); }

 private:
  static void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  int fds_[2] = {-1, -1};
};

}  // namespace

TEST_CASE("RunLock creates the run directory and writes its pid") {
  LockDir dir;
  const std::string run_dir = dir.path("a/b/run");
  RunLock lock(run_dir);
  CHECK(std::filesystem::is_directory(run_dir));
  CHECK(lock.lock_path() == run_dir + "/.pogen.lock");
  CHECK(read_file(lock.lock_path()) == std::to_string(::getpid()) + "\n");
}

TEST_CASE("RunLock refuses a second lock in the same process, and allows one after release") {
  LockDir dir;
  const std::string run_dir = dir.path("run");
  CapturedLog log;
  {
    RunLock first(run_dir);
    CHECK_THROWS_MATCHES(RunLock(run_dir), FatalError,
                         Catch::Message(in_use_message(run_dir, ::getpid())));
  }
  RunLock again(run_dir);
  CHECK(read_file(again.lock_path()) == std::to_string(::getpid()) + "\n");
  CHECK(log.lines().empty());
}

TEST_CASE("RunLock names the live process that holds the directory, then takes it after it ends") {
  LockDir dir;
  const std::string run_dir = dir.path("run");
  Pipe ready;
  Pipe release;
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ready.close_read();
    release.close_write();
    char signal = 'x';
    try {
      RunLock lock(run_dir);
      signal = 'k';
      if (::write(ready.write_end(), &signal, 1) != 1) ::_exit(3);
      char ignored = 0;
      if (::read(release.read_end(), &ignored, 1) < 0) ::_exit(4);
      ::_exit(0);  // dies holding the lock: no destructor runs, as under kill -9
    } catch (...) {
      if (::write(ready.write_end(), &signal, 1) != 1) ::_exit(3);
      ::_exit(1);
    }
    ::_exit(0);
  }
  ready.close_write();
  release.close_read();
  char signal = 0;
  REQUIRE(::read(ready.read_end(), &signal, 1) == 1);
  REQUIRE(signal == 'k');

  CHECK_THROWS_MATCHES(RunLock(run_dir), FatalError,
                       Catch::Message(in_use_message(run_dir, child)));

  release.close_write();  // the child reads end-of-file and exits, releasing its lock
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);

  CapturedLog log;
  RunLock lock(run_dir);
  CHECK(read_file(lock.lock_path()) == std::to_string(::getpid()) + "\n");
  CHECK(log.lines() == std::vector<std::string>{"info run directory " + run_dir +
                                                ": took over the stale lock of pid " +
                                                std::to_string(child) + ", which has ended"});
}

TEST_CASE("RunLock released by a run that ended cleanly is taken without a word") {
  LockDir dir;
  const std::string run_dir = dir.path("run");
  { RunLock first(run_dir); }
  CapturedLog log;
  RunLock lock(run_dir);
  CHECK(log.lines().empty());
  CHECK(read_file(lock.lock_path()) == std::to_string(::getpid()) + "\n");
}

TEST_CASE("RunLock takes over a stale lock file left by a dead process") {
  LockDir dir;
  const std::string run_dir = dir.path("run");
  std::filesystem::create_directories(run_dir);
  const pid_t dead = dead_pid();
  {
    std::ofstream out(run_dir + "/.pogen.lock");
    out << dead << "\n";
  }
  CapturedLog log;
  RunLock lock(run_dir);
  CHECK(read_file(lock.lock_path()) == std::to_string(::getpid()) + "\n");
  CHECK(log.lines() == std::vector<std::string>{"info run directory " + run_dir +
                                                ": took over the stale lock of pid " +
                                                std::to_string(dead) + ", which has ended"});
}

TEST_CASE("RunLock names a run directory it cannot create") {
  LockDir dir;
  const std::string file = dir.path("plain-file");
  std::ofstream(file) << "x";
  const std::string run_dir = file + "/run";
  CHECK_THROWS_MATCHES(
      RunLock(run_dir), FatalError,
      Catch::Message("cannot create run directory " + run_dir + ": Not a directory"));
}

}  // namespace pogen::io
