#pragma once
// Runs a program as a child process, as a user would from a shell: given arguments, stdin text
// and environment changes, it returns the exit code and everything written to stdout and stderr.
// For tests of the real pogen binary.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pogen::testing {

struct ProcessOptions {
  std::string stdin_text;
  // Variables to set (a value) or remove (nullopt) in the child's environment.
  std::vector<std::pair<std::string, std::optional<std::string>>> env;
  // The child is killed (SIGKILL) when it runs longer; timed_out then says so.
  std::chrono::milliseconds timeout{20'000};
  // Called with the child's pid once it runs (to signal it from another thread, say).
  std::function<void(int pid)> on_start;
};

struct ProcessResult {
  int exit_code = -1;  // the exit status, or 128 + signal when a signal ended the child
  std::string out;     // stdout
  std::string err;     // stderr
  bool timed_out = false;
};

// argv[0] is the program's path (no PATH search).
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// A 127.0.0.1 port nobody listens on: bound by the OS, then closed.
int unused_loopback_port();

}  // namespace pogen::testing
