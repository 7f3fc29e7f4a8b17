#include "http/signal_handlers.hpp"

namespace pogen::http {

SignalHandlers install_signal_handlers(EventLoop& loop) {
  return SignalHandlers(
      [](int signal_number, void* context) {
        static_cast<EventLoop*>(context)->request_stop(signal_number);
      },
      &loop);
}

}  // namespace pogen::http
