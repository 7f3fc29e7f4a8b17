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

namespace pogen {

// Thrown into an item's workflow when the run stops taking new requests before the end of the
// input: a cap would be passed (run.max_requests, run.max_cost) or an endpoint failed in a way
// no retry fixes (bad credentials, an unknown model, unreachable for too long). The item is left
// out of this run's outputs, the items already finished are kept, and the next run redoes it
// from the cache.
class ItemAbandoned : public std::exception {
 public:
  const char* what() const noexcept override { return "item abandoned: the run is stopping"; }
};

}  // namespace pogen
