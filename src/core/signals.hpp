#pragma once
// SIGINT and SIGTERM, routed to one async-signal-safe callback while a SignalHandlers object is
// alive (the run's event loop: EventLoop::request_stop). The handlers that were in place before
// come back when it is destroyed, so tests and nested tools leave the process as they found it.

#include <signal.h>

namespace pogen {

class SignalHandlers {
 public:
  // Called from the signal handler: it must be async-signal-safe.
  using Callback = void (*)(int signal_number, void* context);

  // Throws std::logic_error when another SignalHandlers is alive (there is one process).
  SignalHandlers(Callback on_signal, void* context);
  ~SignalHandlers();
  SignalHandlers(const SignalHandlers&) = delete;
  SignalHandlers& operator=(const SignalHandlers&) = delete;

 private:
  struct sigaction previous_interrupt_ {};
  struct sigaction previous_terminate_ {};
};

// A write to a socket the peer has closed then fails with EPIPE instead of killing the process.
// libcurl with CURLOPT_NOSIGNAL and TLS libraries rely on the application doing this.
void ignore_sigpipe();

}  // namespace pogen
