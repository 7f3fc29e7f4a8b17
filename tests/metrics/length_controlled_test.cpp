#include "metrics/length_controlled.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

namespace m = pogen::metrics;
using m::MatchResult;

namespace {

constexpr MatchResult W = MatchResult::win;
constexpr MatchResult L = MatchResult::loss;
constexpr MatchResult T = MatchResult::tie;

m::LengthOutcome outcome(std::size_t a, std::size_t b, MatchResult r) { return {a, b, r}; }

std::vector<m::LengthOutcome> swapped(const std::vector<m::LengthOutcome>& items) {
  std::vector<m::LengthOutcome> out;
  for (const auto& o : items) {
    out.push_back({o.length_b, o.length_a, o.result == W ? L : o.result == L ? W : T});
  }
  return out;
}

double outcome_value(MatchResult r) { return r == W ? 1 : r == L ? 0 : 0.5; }

}  // namespace

TEST_CASE("length-controlled win rate: two length groups have a closed form",
          "[metrics][length_controlled]") {
  // Differences +10 (A longer) four times, -10 four times: x takes two values +-c, so the
  // two-parameter model reproduces each group's mean outcome exactly:
  //   sigmoid(b0 + b1 c) = 3/4 (W W W L),  sigmoid(b0 - b1 c) = 3/8 (W L L T).
  // b0 = (logit 3/4 + logit 3/8) / 2 = ln(1.8) / 2, so LC = sqrt(1.8) / (1 + sqrt(1.8)).
  // s = sd(+-10, sample) = 10 sqrt(8/7), c = tanh(10 / s) = tanh(sqrt(7/8)).
  const std::vector<m::LengthOutcome> items = {
      outcome(110, 100, W), outcome(110, 100, W), outcome(110, 100, W), outcome(110, 100, L),
      outcome(100, 110, W), outcome(100, 110, L), outcome(100, 110, L), outcome(100, 110, T)};
  const auto fit = m::length_controlled_win_rate(items);
  REQUIRE(fit.value);
  CHECK(fit.fit == m::LcFit::maximum_likelihood);
  CHECK(fit.n == 8);
  CHECK(*fit.scale == Approx(10 * std::sqrt(8.0 / 7.0)).epsilon(1e-12));
  CHECK(*fit.b0 == Approx(std::log(1.8) / 2).epsilon(1e-9));
  CHECK(*fit.b1 == Approx(std::log(5.0) / (2 * std::tanh(std::sqrt(7.0 / 8.0)))).epsilon(1e-9));
  CHECK(*fit.value == Approx(std::sqrt(1.8) / (1 + std::sqrt(1.8))).epsilon(1e-9));
  // The plain rate with ties as half is 4.5 / 8: A's wins come more often when A is longer.
  CHECK(*fit.value < 0.5625 + 0.02);
  CHECK(*fit.value != Approx(0.5625));
}

TEST_CASE("length-controlled win rate: the fit solves the score equations",
          "[metrics][length_controlled]") {
  // An irregular case without a closed form: at the maximum of the log-likelihood the
  // gradient is zero, sum (y - p) = 0 and sum (y - p) x = 0.
  const std::vector<m::LengthOutcome> items = {
      outcome(300, 120, W), outcome(80, 200, L),  outcome(150, 140, T), outcome(90, 95, W),
      outcome(400, 100, W), outcome(60, 61, L),   outcome(220, 180, L), outcome(130, 300, W),
      outcome(500, 250, T), outcome(100, 130, L), outcome(170, 90, W),  outcome(75, 140, L)};
  const auto fit = m::length_controlled_win_rate(items);
  REQUIRE(fit.value);
  CHECK(fit.fit == m::LcFit::maximum_likelihood);
  double g0 = 0, g1 = 0;
  for (const auto& o : items) {
    const double x =
        std::tanh((static_cast<double>(o.length_a) - static_cast<double>(o.length_b)) / *fit.scale);
    const double p = 1 / (1 + std::exp(-(*fit.b0 + *fit.b1 * x)));
    g0 += outcome_value(o.result) - p;
    g1 += (outcome_value(o.result) - p) * x;
  }
  CHECK(std::abs(g0) < 1e-8);
  CHECK(std::abs(g1) < 1e-8);
  CHECK(*fit.value == Approx(1 / (1 + std::exp(-*fit.b0))));
}

TEST_CASE("length-controlled win rate: swapping A and B gives 1 - LC",
          "[metrics][length_controlled]") {
  const std::vector<m::LengthOutcome> items = {
      outcome(300, 120, W), outcome(80, 200, L), outcome(150, 140, T), outcome(90, 95, W),
      outcome(400, 100, W), outcome(60, 61, L),  outcome(220, 180, L), outcome(130, 300, W)};
  const auto ab = m::length_controlled_win_rate(items);
  const auto ba = m::length_controlled_win_rate(swapped(items));
  REQUIRE(ab.value);
  REQUIRE(ba.value);
  CHECK(*ba.value == Approx(1 - *ab.value).epsilon(1e-9));
  CHECK(*ba.b0 == Approx(-*ab.b0).epsilon(1e-9));
  // x and the outcome both change sign, so the length effect b1 stays what it was.
  CHECK(*ba.b1 == Approx(*ab.b1).epsilon(1e-9));
}

TEST_CASE("length-controlled win rate: no length effect leaves the plain rate",
          "[metrics][length_controlled]") {
  // A wins 3 of 4 whether it is the longer or the shorter answer: b1 = 0, LC = 3/4.
  const std::vector<m::LengthOutcome> items = {
      outcome(200, 100, W), outcome(200, 100, W), outcome(200, 100, W), outcome(200, 100, L),
      outcome(100, 200, W), outcome(100, 200, L), outcome(100, 200, W), outcome(100, 200, W)};
  const auto fit = m::length_controlled_win_rate(items);
  REQUIRE(fit.value);
  CHECK(fit.fit == m::LcFit::maximum_likelihood);
  CHECK(std::abs(*fit.b1) < 1e-9);
  CHECK(*fit.value == Approx(0.75).epsilon(1e-9));
}

TEST_CASE("length-controlled win rate: a judge that always picks the longer answer",
          "[metrics][length_controlled]") {
  // The outcome is separated by the length: no maximum-likelihood estimate; the ridge fit
  // gives b0 = 0 by symmetry when A is as often longer as shorter, so LC = 0.5, whereas the
  // plain rate is whatever share of prompts A happened to be longer on.
  std::vector<m::LengthOutcome> items;
  for (std::size_t i = 0; i < 5; ++i) {
    items.push_back(outcome(200 + 10 * i, 100, W));
    items.push_back(outcome(100, 200 + 10 * i, L));
  }
  const auto fit = m::length_controlled_win_rate(items);
  REQUIRE(fit.value);
  CHECK(fit.fit == m::LcFit::ridge);
  CHECK(*fit.value == Approx(0.5).margin(1e-9));
  CHECK(*fit.b1 > 0);
  // Unbalanced: A longer on 8 of 10, so A wins 80% plainly; controlled for length it is
  // far below that, and the ridge keeps the fit finite.
  std::vector<m::LengthOutcome> unbalanced;
  for (std::size_t i = 0; i < 8; ++i) unbalanced.push_back(outcome(200 + 10 * i, 100, W));
  for (std::size_t i = 0; i < 2; ++i) unbalanced.push_back(outcome(100, 200 + 10 * i, L));
  const auto skewed = m::length_controlled_win_rate(unbalanced);
  REQUIRE(skewed.value);
  CHECK(skewed.fit == m::LcFit::ridge);
  CHECK(*skewed.value < 0.8);
  CHECK(std::isfinite(*skewed.b0));
}

TEST_CASE("length-controlled win rate: undefined and degenerate inputs",
          "[metrics][length_controlled]") {
  const auto none = m::length_controlled_win_rate({});
  CHECK_FALSE(none.value);
  CHECK(none.reason == "no compared prompts");
  CHECK_FALSE(none.fit);

  // Every difference equal: s = 0, b1 undetermined, LC = the plain rate (ties as half).
  const std::vector<m::LengthOutcome> equal = {outcome(10, 10, W), outcome(20, 20, T),
                                               outcome(5, 5, L), outcome(7, 7, W)};
  const auto flat = m::length_controlled_win_rate(equal);
  REQUIRE(flat.value);
  CHECK(flat.fit == m::LcFit::no_length_variation);
  CHECK(*flat.value == Approx(2.5 / 4));
  CHECK_FALSE(flat.b1);
  CHECK(*flat.b0 == Approx(std::log(2.5 / 1.5)));
  CHECK(*flat.scale == 0);

  const std::vector<m::LengthOutcome> one = {outcome(10, 30, W)};
  const auto single = m::length_controlled_win_rate(one);
  CHECK(single.fit == m::LcFit::no_length_variation);
  CHECK(*single.value == 1);
  CHECK_FALSE(single.b0);  // logit(1) is infinite
  CHECK_FALSE(single.scale);

  const std::vector<m::LengthOutcome> wins = {outcome(10, 30, W), outcome(50, 30, W)};
  const auto all_wins = m::length_controlled_win_rate(wins);
  CHECK(all_wins.fit == m::LcFit::constant_outcome);
  CHECK(*all_wins.value == 1);
  CHECK_FALSE(all_wins.b0);
  CHECK_FALSE(all_wins.b1);

  // All ties: a fractional outcome of 0.5 everywhere, fitted as b = (0, 0).
  const std::vector<m::LengthOutcome> ties = {outcome(10, 30, T), outcome(50, 30, T)};
  const auto all_ties = m::length_controlled_win_rate(ties);
  CHECK(all_ties.fit == m::LcFit::maximum_likelihood);
  CHECK(*all_ties.value == Approx(0.5));
}

TEST_CASE("length-controlled win rate: a seeded bootstrap interval over prompts",
          "[metrics][length_controlled]") {
  std::vector<m::LengthOutcome> items;
  for (std::size_t i = 0; i < 30; ++i) {
    const MatchResult r = i % 3 == 0 ? L : i % 7 == 0 ? T : W;
    items.push_back(outcome(100 + 13 * (i % 5), 100 + 11 * (i % 4), r));
  }
  const auto first = m::length_controlled_report(items, {200, 7});
  const auto again = m::length_controlled_report(items, {200, 7});
  REQUIRE(first.interval.interval);
  CHECK(first.interval.resamples == 200);
  CHECK(first.interval.interval->lower == again.interval.interval->lower);
  CHECK(first.interval.interval->upper == again.interval.interval->upper);
  CHECK(first.interval.interval->lower <= *first.point.value);
  CHECK(*first.point.value <= first.interval.interval->upper);
  CHECK(first.interval.interval->lower < first.interval.interval->upper);
  const auto no_resamples = m::length_controlled_report(items, {0, 7});
  CHECK_FALSE(no_resamples.interval.interval);
}
