#include "http/retry_policy.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <string>

namespace pogen::http {

namespace {

using Seconds = std::chrono::duration<double>;

Duration clamp_server_delay(Seconds seconds) {
  if (!(seconds.count() > 0)) return Duration::zero();
  if (seconds >= kMaxServerDelay) return kMaxServerDelay;
  return std::chrono::ceil<Duration>(seconds);
}

// A non-negative decimal number (digits, optionally a fraction), nothing else.
std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  double value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and the two obsolete forms RFC 9110 still asks
// recipients to accept: RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  std::string value(text);
  for (const char* format :
       {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
    std::tm tm{};
    const char* end = strptime(value.c_str(), format, &tm);
    if (end == nullptr || *end != '\0') continue;
    std::time_t seconds = timegm(&tm);
    if (seconds == -1) continue;
    return std::chrono::system_clock::from_time_t(seconds);
  }
  return std::nullopt;
}

}  // namespace

bool is_retryable_status(long status) {
  switch (status) {
    case 408:
    case 409:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
    case 529:
      return true;
    default:
      return false;
  }
}

Duration backoff_ceiling(const RetryPolicy& policy, int retry) {
  if (policy.base <= Duration::zero()) return Duration::zero();
  Duration ceiling = policy.base;
  for (int k = 0; k < retry; ++k) {
    // Doubling would pass the cap: stop before the multiplication can overflow.
    if (ceiling > policy.cap - ceiling) return policy.cap;
    ceiling *= 2;
  }
  return std::min(ceiling, policy.cap);
}

Duration full_jitter_delay(const RetryPolicy& policy, int retry, double uniform01) {
  double u = std::clamp(uniform01, 0.0, 1.0);
  Seconds ceiling = backoff_ceiling(policy, retry);
  return std::chrono::round<Duration>(ceiling * u);
}

std::optional<Duration> parse_retry_after(const HttpResponse& response,
                                          std::chrono::system_clock::time_point now) {
  if (auto ms = response.header("retry-after-ms")) {
    if (auto value = parse_number(*ms)) return clamp_server_delay(Seconds(*value / 1000.0));
  }
  auto header = response.header("retry-after");
  if (!header) return std::nullopt;
  if (auto seconds = parse_number(*header)) return clamp_server_delay(Seconds(*seconds));
  if (auto date = parse_http_date(*header)) return clamp_server_delay(*date - now);
  return std::nullopt;
}

Jitter::Jitter(std::uint64_t seed) : engine_(seed != 0 ? seed : std::random_device{}()) {}

double Jitter::next() { return uniform_(engine_); }

}  // namespace pogen::http
