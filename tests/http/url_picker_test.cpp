#include "http/url_picker.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <vector>

using namespace std::chrono_literals;
using pogen::TimePoint;
using pogen::http::UrlPicker;

namespace {
const TimePoint kNow{1h};

UrlPicker three() { return UrlPicker({"http://a", "http://b", "http://c"}); }
}  // namespace

TEST_CASE("concurrent requests spread over the URLs", "[url_picker]") {
  UrlPicker picker = three();
  std::vector<std::size_t> picked;
  for (int i = 0; i < 6; ++i) picked.push_back(picker.pick(kNow));
  CHECK(picked == std::vector<std::size_t>{0, 1, 2, 0, 1, 2});
  CHECK(picker.in_flight(0) == 2);
}

TEST_CASE("sequential requests take turns", "[url_picker]") {
  UrlPicker picker = three();
  std::vector<std::size_t> picked;
  for (int i = 0; i < 4; ++i) {
    picked.push_back(picker.pick(kNow));
    picker.finished(picked.back(), false, kNow);
  }
  CHECK(picked == std::vector<std::size_t>{0, 1, 2, 0});
}

TEST_CASE("the URL with the fewest requests in flight is picked", "[url_picker]") {
  UrlPicker picker = three();
  picker.pick(kNow);  // a
  picker.pick(kNow);  // b
  picker.pick(kNow);  // c
  picker.finished(1, false, kNow);
  CHECK(picker.pick(kNow) == 1);
  CHECK(picker.url(1) == "http://b");
}

TEST_CASE("three hard failures in a row rest a URL for 30 s", "[url_picker]") {
  UrlPicker picker({"http://dead", "http://alive"});
  auto fail_dead = [&](TimePoint at) {
    while (picker.pick(at) != 0) picker.finished(1, false, at);
    picker.finished(0, true, at);
  };
  fail_dead(kNow);
  fail_dead(kNow);
  CHECK_FALSE(picker.resting(0, kNow));
  fail_dead(kNow);
  CHECK(picker.resting(0, kNow));
  for (int i = 0; i < 5; ++i) {
    CHECK(picker.pick(kNow + 29s) == 1);
    picker.finished(1, false, kNow + 29s);
  }
  CHECK_FALSE(picker.resting(0, kNow + 30s));
  // Back from rest: it is tried again, and one more failure sends it back at once.
  CHECK(picker.pick(kNow + 30s) == 0);
  picker.finished(0, true, kNow + 30s);
  CHECK(picker.resting(0, kNow + 31s));
  CHECK(picker.resting(0, kNow + 59s));
  CHECK_FALSE(picker.resting(0, kNow + 60s));
}

TEST_CASE("a success clears the failure record", "[url_picker]") {
  UrlPicker picker({"http://flaky"});
  for (int round = 0; round < 3; ++round) {
    picker.finished(picker.pick(kNow), true, kNow);
    picker.finished(picker.pick(kNow), true, kNow);
    picker.finished(picker.pick(kNow), false, kNow);
  }
  CHECK_FALSE(picker.resting(0, kNow));
}

TEST_CASE("when every URL rests, the one whose rest ends first is used", "[url_picker]") {
  UrlPicker picker({"http://a", "http://b"});
  for (int i = 0; i < 3; ++i) {
    picker.pick(kNow + 5s);  // round-robin: a first
    picker.pick(kNow + 5s);
  }
  for (int i = 0; i < 3; ++i) picker.finished(1, true, kNow + 1s);  // b rests until +31 s
  for (int i = 0; i < 3; ++i) picker.finished(0, true, kNow + 2s);  // a rests until +32 s
  CHECK(picker.resting(0, kNow + 3s));
  CHECK(picker.resting(1, kNow + 3s));
  CHECK(picker.pick(kNow + 3s) == 1);
  CHECK(picker.pick(kNow + 3s) == 1);
}
