#include "core/signals.hpp"

#include <atomic>
#include <cerrno>
#include <stdexcept>

namespace pogen {

namespace {

// Lock-free atomics: the only state a signal handler may read.
std::atomic<SignalHandlers::Callback> g_callback{nullptr};
std::atomic<void*> g_context{nullptr};

extern "C" void forward_signal(int signal_number) {
  const int saved = errno;
  if (auto callback = g_callback.load()) callback(signal_number, g_context.load());
  errno = saved;
}

void install(int signal_number, struct sigaction& previous) {
  struct sigaction action {};
  action.sa_handler = &forward_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(signal_number, &action, &previous);
}

}  // namespace

SignalHandlers::SignalHandlers(Callback on_signal, void* context) {
  static_assert(std::atomic<Callback>::is_always_lock_free);
  static_assert(std::atomic<void*>::is_always_lock_free);
  if (g_callback.load() != nullptr) {
    throw std::logic_error("signal handlers are already installed");
  }
  g_context.store(context);
  g_callback.store(on_signal);
  install(SIGINT, previous_interrupt_);
  install(SIGTERM, previous_terminate_);
}

SignalHandlers::~SignalHandlers() {
  sigaction(SIGINT, &previous_interrupt_, nullptr);
  sigaction(SIGTERM, &previous_terminate_, nullptr);
  g_callback.store(nullptr);
  g_context.store(nullptr);
}

void ignore_sigpipe() {
  struct sigaction action {};
  action.sa_handler = SIG_IGN;
  sigemptyset(&action.sa_mask);
  sigaction(SIGPIPE, &action, nullptr);
}

}  // namespace pogen
