#include "metrics/verdict.hpp"

#include <catch2/catch.hpp>

#include <limits>

#include "metrics/win_rate.hpp"

using pogen::name_of;
using pogen::parse_enum;
using pogen::metrics::Verdict;
namespace m = pogen::metrics;

TEST_CASE("verdict names round-trip and nothing else parses", "[metrics][verdict]") {
  CHECK(std::string(name_of(Verdict::A)) == "A");
  CHECK(std::string(name_of(Verdict::B)) == "B");
  CHECK(std::string(name_of(Verdict::tie)) == "tie");
  for (Verdict verdict : m::kVerdicts) CHECK(parse_enum<Verdict>(name_of(verdict)) == verdict);
  CHECK_FALSE(parse_enum<Verdict>("a").has_value());
  CHECK_FALSE(parse_enum<Verdict>("Tie").has_value());
  CHECK_FALSE(parse_enum<Verdict>("C").has_value());
  CHECK_FALSE(parse_enum<Verdict>("").has_value());
}

TEST_CASE("the higher score wins and equal scores tie", "[metrics][verdict]") {
  CHECK(m::verdict_from_scores(8, 6) == Verdict::A);
  CHECK(m::verdict_from_scores(6.5, 7) == Verdict::B);
  CHECK(m::verdict_from_scores(4, 4) == Verdict::tie);
  CHECK(m::verdict_from_scores(0, 0) == Verdict::tie);
}

TEST_CASE("a score that is not a number is refused, not taken for a tie", "[metrics][verdict]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(m::verdict_from_scores(nan, 5),
                    "verdict_from_scores: a score is not a finite number");
  CHECK_THROWS_WITH(m::verdict_from_scores(5, inf),
                    "verdict_from_scores: a score is not a finite number");
}

TEST_CASE("swapping labels maps a BA verdict back to the original answers", "[metrics][verdict]") {
  CHECK(m::swap_labels(Verdict::A) == Verdict::B);
  CHECK(m::swap_labels(Verdict::B) == Verdict::A);
  CHECK(m::swap_labels(Verdict::tie) == Verdict::tie);
}

TEST_CASE("a verdict is a match result from setup A's side", "[metrics][verdict]") {
  CHECK(m::match_result(Verdict::A) == m::MatchResult::win);
  CHECK(m::match_result(Verdict::B) == m::MatchResult::loss);
  CHECK(m::match_result(Verdict::tie) == m::MatchResult::tie);
}
