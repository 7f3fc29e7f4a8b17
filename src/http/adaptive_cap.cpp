#include "http/adaptive_cap.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace pogen::http {

AdaptiveCap::AdaptiveCap(int configured) : configured_(configured), limit_(configured) {
  if (configured < 1) {
    throw std::invalid_argument("adaptive cap: the configured cap must be at least 1, not " +
                                std::to_string(configured));
  }
}

void AdaptiveCap::on_overloaded() { limit_ = std::max(1, limit_ / 2); }

void AdaptiveCap::on_success() { limit_ = std::min(configured_, limit_ + 1); }

}  // namespace pogen::http
