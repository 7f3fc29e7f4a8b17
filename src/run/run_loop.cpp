#include "run/run_loop.hpp"

#include "http/signal_handlers.hpp"

namespace pogen::cli {

void run_until_done(http::EventLoop& loop) {
  auto signals = http::install_signal_handlers(loop);
  try {
    loop.run();
  } catch (...) {
    // Work abandoned because of the signal fails in its own ways; the signal is the news.
    if (loop.stop_signal() != 0) throw StoppedBySignal(loop.stop_signal());
    throw;
  }
  if (loop.stop_signal() != 0) throw StoppedBySignal(loop.stop_signal());
}

}  // namespace pogen::cli
