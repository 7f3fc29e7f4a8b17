#include "metrics/win_rate.hpp"

#include <catch2/catch.hpp>

#include <vector>

using pogen::metrics::MatchResult;
namespace m = pogen::metrics;

namespace {

std::vector<MatchResult> results(std::size_t wins, std::size_t ties, std::size_t losses) {
  std::vector<MatchResult> all;
  all.insert(all.end(), wins, MatchResult::win);
  all.insert(all.end(), ties, MatchResult::tie);
  all.insert(all.end(), losses, MatchResult::loss);
  return all;
}

}  // namespace

TEST_CASE("win rate counts ties as non-wins or as half a win", "[metrics][win-rate]") {
  const m::WinRateCounts counts = m::count_results(results(5, 3, 2));
  CHECK(counts.wins == 5);
  CHECK(counts.ties == 3);
  CHECK(counts.losses == 2);
  CHECK(counts.total() == 10);
  // 5 / 10 and (5 + 3/2) / 10.
  CHECK(counts.ties_as_non_wins() == 0.5);
  CHECK(*counts.ties_as_half() == Approx(0.65).margin(1e-15));
}

TEST_CASE("win rate of nothing is undefined", "[metrics][win-rate]") {
  const m::WinRateCounts counts = m::count_results({});
  CHECK(counts.total() == 0);
  CHECK_FALSE(counts.ties_as_non_wins().has_value());
  CHECK_FALSE(counts.ties_as_half().has_value());
}

TEST_CASE("win rate intervals are seeded", "[metrics][win-rate]") {
  const std::vector<MatchResult> all = results(30, 12, 18);
  const m::WinRateReport first = m::win_rate_report(all, {.resamples = 400, .seed = 5});
  const m::WinRateReport again = m::win_rate_report(all, {.resamples = 400, .seed = 5});
  const m::WinRateReport other = m::win_rate_report(all, {.resamples = 400, .seed = 6});
  REQUIRE(first.ties_as_non_wins.interval.has_value());
  REQUIRE(first.ties_as_half.interval.has_value());
  REQUIRE(other.ties_as_half.interval.has_value());
  CHECK(first.counts.wins == 30);
  CHECK(first.ties_as_non_wins.interval->lower == again.ties_as_non_wins.interval->lower);
  CHECK(first.ties_as_non_wins.interval->upper == again.ties_as_non_wins.interval->upper);
  CHECK(first.ties_as_half.interval->lower == again.ties_as_half.interval->lower);
  CHECK(first.ties_as_half.interval->upper == again.ties_as_half.interval->upper);
  CHECK((first.ties_as_half.interval->lower != other.ties_as_half.interval->lower ||
         first.ties_as_half.interval->upper != other.ties_as_half.interval->upper));
  // Point estimates 0.5 and 0.6 sit inside their intervals.
  CHECK(first.ties_as_non_wins.interval->lower < 0.5);
  CHECK(first.ties_as_non_wins.interval->upper > 0.5);
  CHECK(first.ties_as_half.interval->lower < 0.6);
  CHECK(first.ties_as_half.interval->upper > 0.6);
  CHECK(first.ties_as_half.undefined == 0);
}

TEST_CASE("all wins is an interval of one point", "[metrics][win-rate]") {
  const m::WinRateReport report = m::win_rate_report(results(8, 0, 0), {.resamples = 50});
  REQUIRE(report.ties_as_non_wins.interval.has_value());
  CHECK(report.ties_as_non_wins.interval->lower == 1.0);
  CHECK(report.ties_as_non_wins.interval->upper == 1.0);
}
