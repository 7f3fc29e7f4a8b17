#include "http/signal_handlers.hpp"

#include <signal.h>

#include <catch2/catch.hpp>

TEST_CASE("a signal asks the event loop to stop", "[signals]") {
  pogen::http::EventLoop loop;
  {
    auto handlers = pogen::http::install_signal_handlers(loop);
    CHECK_FALSE(loop.stop_requested());
    raise(SIGTERM);
    CHECK(loop.stop_requested());
    CHECK(loop.stop_signal() == SIGTERM);
    raise(SIGINT);
    CHECK(loop.stop_signal() == SIGTERM);  // the first signal is the one reported
  }
  loop.run();  // nothing to do; a stopped loop still returns
}
