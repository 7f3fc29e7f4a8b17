#pragma once

namespace pogen {

enum ExitCode : int {
  kExitOk = 0,
  kExitFatal = 1,
  kExitBadInput = 2,
  kExitTooManyFailures = 3,
  kExitInterrupted = 130,  // SIGINT
  kExitTerminated = 143,   // SIGTERM
};

}  // namespace pogen
