#pragma once
// Running a command's work on the event loop, stoppable by SIGINT and SIGTERM.

#include <exception>

#include "http/event_loop.hpp"

namespace pogen::cli {

// A signal stopped the run. run_main turns it into exit 130 (SIGINT) or 143 (SIGTERM).
class StoppedBySignal : public std::exception {
 public:
  explicit StoppedBySignal(int signal_number) : signal_number_(signal_number) {}
  int signal_number() const { return signal_number_; }
  const char* what() const noexcept override { return "stopped by a signal"; }

 private:
  int signal_number_;
};

// Runs the loop until its tasks are done, with SIGINT and SIGTERM asking it to stop. Throws
// StoppedBySignal when a signal came, whatever the tasks did by then; otherwise rethrows the
// first exception a task threw.
void run_until_done(http::EventLoop& loop);

}  // namespace pogen::cli
