#pragma once
// Chooses among the base URLs of one endpoint (replicas of the same model server). The next
// request goes to the URL with the fewest requests in flight, ties broken in turn so that
// sequential requests spread too. A URL that failed hard (could not connect, timed out, or
// answered 5xx) kFailuresToRest times in a row rests for kRestPeriod; after the rest a single
// further hard failure sends it back to rest (a dead replica costs one request per period), and
// a success clears its record. When every URL rests, the one whose rest ends first is used.

#include <cstddef>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace pogen::http {

class UrlPicker {
 public:
  static constexpr int kFailuresToRest = 3;
  static constexpr Duration kRestPeriod = std::chrono::seconds(30);

  explicit UrlPicker(std::vector<std::string> urls);

  std::size_t size() const { return urls_.size(); }
  const std::string& url(std::size_t index) const { return urls_[index].url; }
  int in_flight(std::size_t index) const { return urls_[index].in_flight; }
  bool resting(std::size_t index, TimePoint now) const { return urls_[index].rest_until > now; }

  // Picks a URL for a request about to be sent and counts it in flight there.
  std::size_t pick(TimePoint now);
  // The request sent to `index` ended; hard_failure as described above.
  void finished(std::size_t index, bool hard_failure, TimePoint now);

 private:
  struct Url {
    std::string url;
    int in_flight = 0;
    int consecutive_failures = 0;
    TimePoint rest_until{};
  };

  std::vector<Url> urls_;
  std::size_t next_ = 0;  // where the tie-breaking scan starts
};

}  // namespace pogen::http
