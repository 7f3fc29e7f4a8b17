#pragma once
// The run's signal wiring: SIGINT and SIGTERM call loop.request_stop(signal) while the returned
// object lives (a second signal abandons the transfers in flight at once). Keep it alive for as
// long as loop.run() runs: `auto signals = http::install_signal_handlers(loop);`.

#include "core/signals.hpp"
#include "http/event_loop.hpp"

namespace pogen::http {

[[nodiscard]] SignalHandlers install_signal_handlers(EventLoop& loop);

}  // namespace pogen::http
