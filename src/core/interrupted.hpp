#pragma once
// Thrown into a coroutine whose work was abandoned because the run is stopping (SIGINT/SIGTERM):
// a request that was never sent, or one still in flight when the grace period ran out. It is not
// a failure of the item (nothing is recorded for it); the item is simply redone on resume.

#include <exception>

namespace pogen {

class Interrupted : public std::exception {
 public:
  const char* what() const noexcept override { return "interrupted"; }
};

}  // namespace pogen
