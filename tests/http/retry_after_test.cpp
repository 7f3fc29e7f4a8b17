#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "http/retry_policy.hpp"

using namespace std::chrono_literals;
using pogen::Duration;
using pogen::http::HttpResponse;
using pogen::http::parse_retry_after;

namespace {

// 2015-10-21 07:28:00 UTC.
const auto kNow = std::chrono::system_clock::from_time_t(1445412480);

HttpResponse with(std::vector<std::pair<std::string, std::string>> headers) {
  HttpResponse response;
  response.status = 429;
  response.headers = std::move(headers);
  return response;
}

std::optional<Duration> after(std::string value) {
  return parse_retry_after(with({{"retry-after", std::move(value)}}), kNow);
}

}  // namespace

TEST_CASE("retry-after in delta-seconds", "[retry_after]") {
  CHECK(after("7") == Duration(7s));
  CHECK(after("0") == Duration(0s));
  CHECK(after(" 12 ") == Duration(12s));
  CHECK(after("1.5") == Duration(1500ms));  // not RFC, but sent by some servers
}

TEST_CASE("retry-after as an HTTP date", "[retry_after]") {
  CHECK(after("Wed, 21 Oct 2015 07:28:30 GMT") == Duration(30s));
  CHECK(after("Wednesday, 21-Oct-15 07:29:00 GMT") == Duration(60s));  // RFC 850
  CHECK(after("Wed Oct 21 07:28:05 2015") == Duration(5s));            // asctime
  CHECK(after("Wed, 21 Oct 2015 07:27:00 GMT") == Duration(0s));       // already past: now
}

TEST_CASE("retry-after-ms is read and wins over retry-after", "[retry_after]") {
  CHECK(parse_retry_after(with({{"retry-after-ms", "250"}}), kNow) == Duration(250ms));
  CHECK(parse_retry_after(with({{"retry-after", "20"}, {"retry-after-ms", "19500"}}), kNow) ==
        Duration(19500ms));
  // An unreadable retry-after-ms falls back to retry-after.
  CHECK(parse_retry_after(with({{"retry-after-ms", "soon"}, {"retry-after", "3"}}), kNow) ==
        Duration(3s));
}

TEST_CASE("absent or unreadable retry-after gives nothing", "[retry_after]") {
  CHECK_FALSE(parse_retry_after(with({}), kNow).has_value());
  CHECK_FALSE(after("").has_value());
  CHECK_FALSE(after("-5").has_value());
  CHECK_FALSE(after("soon").has_value());
  CHECK_FALSE(after("12abc").has_value());
  CHECK_FALSE(after("Wed, 21 Oct 2015 07:28:30").has_value());  // no GMT
}

TEST_CASE("absurd server delays are capped at one hour", "[retry_after]") {
  CHECK(after("86400") == pogen::http::kMaxServerDelay);
  CHECK(after("Fri, 21 Oct 2016 07:28:00 GMT") == pogen::http::kMaxServerDelay);
  CHECK(after("3599") == Duration(3599s));  // below the cap: honoured as asked
}
