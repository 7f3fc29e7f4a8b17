#include "http/url_picker.hpp"

#include <stdexcept>

namespace pogen::http {

UrlPicker::UrlPicker(std::vector<std::string> urls) {
  if (urls.empty()) throw std::invalid_argument("url picker: no URL to pick from");
  urls_.reserve(urls.size());
  for (auto& url : urls) urls_.push_back({std::move(url)});
}

std::size_t UrlPicker::pick(TimePoint now) {
  const std::size_t count = urls_.size();
  std::size_t best = count;
  std::size_t earliest = 0;
  for (std::size_t step = 0; step < count; ++step) {
    std::size_t i = (next_ + step) % count;
    if (urls_[i].rest_until < urls_[earliest].rest_until) earliest = i;
    if (urls_[i].rest_until > now) continue;
    if (best == count || urls_[i].in_flight < urls_[best].in_flight) best = i;
  }
  if (best == count) best = earliest;
  next_ = (best + 1) % count;
  ++urls_[best].in_flight;
  return best;
}

void UrlPicker::finished(std::size_t index, bool hard_failure, TimePoint now) {
  Url& url = urls_[index];
  --url.in_flight;
  if (!hard_failure) {
    url.consecutive_failures = 0;
    return;
  }
  if (++url.consecutive_failures >= kFailuresToRest) url.rest_until = now + kRestPeriod;
}

}  // namespace pogen::http
