#include "metrics/bias.hpp"

#include <catch2/catch.hpp>

#include <vector>

using pogen::metrics::Verdict;
namespace m = pogen::metrics;

namespace {

constexpr Verdict A = Verdict::A;
constexpr Verdict B = Verdict::B;
constexpr Verdict T = Verdict::tie;

}  // namespace

TEST_CASE("position consistency is the share of verdicts unchanged by the swap",
          "[metrics][bias]") {
  const std::vector<m::SwappedVerdicts> pairs = {{A, A}, {A, B}, {T, T}, {B, A}};
  const m::Proportion result = m::position_consistency(pairs);
  CHECK(result.count == 2);
  CHECK(result.total == 4);
  CHECK(result.value() == 0.5);
  CHECK_FALSE(m::position_consistency({}).value().has_value());
}

TEST_CASE("first-position win rate counts decisive verdicts by the position shown",
          "[metrics][bias]") {
  const std::vector<Verdict> as_presented = {A, A, B, T, A};
  const m::PositionPreference result = m::position_preference(as_presented);
  CHECK(result.first == 3);
  CHECK(result.second == 1);
  CHECK(result.ties == 1);
  CHECK(result.first_win_rate() == 0.75);
}

TEST_CASE("first-position win rate over both orders maps BA back to what was shown first",
          "[metrics][bias]") {
  // {A, B}: picks whichever was shown first, twice. {A, A}: A both times, first then second.
  // {tie, B}: a tie, then the answer shown first.
  const std::vector<m::SwappedVerdicts> pairs = {{A, B}, {A, B}, {A, A}, {T, B}};
  const m::PositionPreference result = m::position_preference(pairs);
  CHECK(result.first == 6);
  CHECK(result.second == 1);
  CHECK(result.ties == 1);
  CHECK(*result.first_win_rate() == Approx(6.0 / 7.0).margin(1e-15));
}

TEST_CASE("longer-answer win rate leaves out ties and equal lengths but counts them",
          "[metrics][bias]") {
  const std::vector<m::LengthVerdict> items = {
      {10, 5, A}, {10, 5, B}, {3, 8, B}, {4, 4, A}, {2, 9, T}};
  const m::LongerAnswerPreference result = m::longer_answer_preference(items);
  CHECK(result.longer == 2);
  CHECK(result.shorter == 1);
  CHECK(result.ties == 1);
  CHECK(result.equal_length == 1);
  CHECK(*result.longer_win_rate() == Approx(2.0 / 3.0).margin(1e-15));
  CHECK_FALSE(m::longer_answer_preference({}).longer_win_rate().has_value());
}

TEST_CASE("length bias compares the judge with the humans on the same pairs", "[metrics][bias]") {
  // The judge always picks the longer answer; the humans do so once out of three.
  const std::vector<m::LengthJudged> items = {
      {10, 5, A, A}, {3, 8, B, A}, {7, 2, A, B}, {6, 6, T, A}};
  const m::LengthBias result = m::length_bias(items);
  CHECK(result.judge.longer == 3);
  CHECK(result.judge.shorter == 0);
  CHECK(result.judge.longer_win_rate() == 1.0);
  CHECK(result.human.longer == 1);
  CHECK(result.human.shorter == 2);
  CHECK(result.human.equal_length == 1);
  CHECK(*result.human.longer_win_rate() == Approx(1.0 / 3.0).margin(1e-15));
}
