#include "core/signals.hpp"

#include <signal.h>

#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

namespace {

struct Received {
  std::vector<int> signals;
};

void remember(int signal_number, void* context) {
  static_cast<Received*>(context)->signals.push_back(signal_number);
}

int g_previous_calls = 0;
void previous_handler(int) { ++g_previous_calls; }

}  // namespace

TEST_CASE("SIGINT and SIGTERM reach the callback while the handlers live", "[signals]") {
  Received received;
  {
    pogen::SignalHandlers handlers(&remember, &received);
    raise(SIGINT);
    raise(SIGTERM);
  }
  CHECK(received.signals == std::vector<int>{SIGINT, SIGTERM});
}

TEST_CASE("the previous handlers come back afterwards", "[signals]") {
  struct sigaction custom {};
  custom.sa_handler = &previous_handler;
  sigemptyset(&custom.sa_mask);
  struct sigaction original {};
  sigaction(SIGINT, &custom, &original);

  Received received;
  {
    pogen::SignalHandlers handlers(&remember, &received);
    raise(SIGINT);
  }
  g_previous_calls = 0;
  raise(SIGINT);
  CHECK(g_previous_calls == 1);
  CHECK(received.signals.size() == 1);
  sigaction(SIGINT, &original, nullptr);
}

TEST_CASE("only one set of handlers at a time", "[signals]") {
  Received received;
  pogen::SignalHandlers handlers(&remember, &received);
  CHECK_THROWS_WITH(pogen::SignalHandlers(&remember, &received),
                    "signal handlers are already installed");
}
