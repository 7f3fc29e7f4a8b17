#include "metrics/bootstrap.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <vector>

#include "metrics/agreement.hpp"

using pogen::metrics::Verdict;
using pogen::metrics::VerdictPair;
namespace m = pogen::metrics;

namespace {

// 40 pairs with some disagreement, so that resamples differ from one another.
std::vector<VerdictPair> varied_pairs() {
  std::vector<VerdictPair> pairs;
  for (int i = 0; i < 40; ++i) {
    const auto reference = m::kVerdicts[static_cast<std::size_t>(i % 3)];
    const auto predicted =
        i % 4 == 0 ? m::kVerdicts[static_cast<std::size_t>((i + 1) % 3)] : reference;
    pairs.push_back({reference, predicted});
  }
  return pairs;
}

bool same(const m::BootstrapInterval& x, const m::BootstrapInterval& y) {
  return x.interval.has_value() && y.interval.has_value() &&
         x.interval->lower == y.interval->lower && x.interval->upper == y.interval->upper &&
         x.resamples == y.resamples && x.undefined == y.undefined;
}

}  // namespace

TEST_CASE("mt19937_64 is the generator the standard specifies", "[metrics][bootstrap]") {
  // [rand.predef]: the 10000th output of a default-constructed mt19937_64.
  std::mt19937_64 rng;
  rng.discard(9999);
  CHECK(rng() == 9981545732273789042ULL);
}

TEST_CASE("draw_index is pinned: the same indices on every platform", "[metrics][bootstrap]") {
  // Recorded from this implementation; mt19937_64 and draw_index are both fully specified, so
  // any change here breaks the reproducibility of every published interval.
  std::mt19937_64 rng(2024);
  std::vector<std::size_t> drawn;
  for (int i = 0; i < 6; ++i) drawn.push_back(m::draw_index(rng, 999));
  CHECK(drawn == std::vector<std::size_t>{82, 976, 536, 637, 532, 546});
}

TEST_CASE("draw_index rejects the words that would bias the residues", "[metrics][bootstrap]") {
  // n = 2^63 + 1: 2^64 mod n = 2^63 - 1, so only words up to 2^63 are kept, and a kept word is
  // its own residue. About half the words are rejected.
  const std::size_t n = (std::size_t{1} << 63) + 1;
  std::mt19937_64 rng(7);
  std::mt19937_64 words(7);
  int rejected = 0;
  for (int i = 0; i < 200; ++i) {
    std::uint64_t word = words();
    while (word > (std::uint64_t{1} << 63)) {
      word = words();
      ++rejected;
    }
    REQUIRE(m::draw_index(rng, n) == word);
  }
  CHECK(rejected > 50);
}

TEST_CASE("draw_index with a power of two keeps every word", "[metrics][bootstrap]") {
  std::mt19937_64 rng(11);
  std::mt19937_64 words(11);
  for (int i = 0; i < 100; ++i) REQUIRE(m::draw_index(rng, 8) == words() % 8);
}

TEST_CASE("percentiles interpolate linearly between ranks", "[metrics][bootstrap]") {
  const std::vector<double> sorted = {1, 2, 3, 4, 5};
  // Positions (5 - 1) * 0.025 = 0.1 and (5 - 1) * 0.975 = 3.9.
  CHECK(m::percentile(sorted, 2.5) == Approx(1.1).margin(1e-12));
  CHECK(m::percentile(sorted, 97.5) == Approx(4.9).margin(1e-12));
  CHECK(m::percentile(sorted, 0) == 1);
  CHECK(m::percentile(sorted, 100) == 5);
  CHECK(m::percentile(std::vector<double>{3}, 50) == 3);
}

TEST_CASE("undefined estimates are counted and left out of the interval", "[metrics][bootstrap]") {
  const std::vector<std::optional<double>> estimates = {5, std::nullopt, 1, 3, std::nullopt, 2, 4};
  const m::BootstrapInterval result = m::percentile_interval(estimates);
  CHECK(result.resamples == 7);
  CHECK(result.undefined == 2);
  REQUIRE(result.interval.has_value());
  CHECK(result.interval->lower == Approx(1.1).margin(1e-12));
  CHECK(result.interval->upper == Approx(4.9).margin(1e-12));

  const std::vector<std::optional<double>> none = {std::nullopt, std::nullopt};
  const m::BootstrapInterval empty = m::percentile_interval(none);
  CHECK_FALSE(empty.interval.has_value());
  CHECK(empty.undefined == 2);
}

TEST_CASE("the same seed gives the same interval, another seed another one",
          "[metrics][bootstrap]") {
  const std::vector<VerdictPair> pairs = varied_pairs();
  const m::AgreementReport first = m::agreement_report(pairs, {.resamples = 500, .seed = 7});
  const m::AgreementReport again = m::agreement_report(pairs, {.resamples = 500, .seed = 7});
  const m::AgreementReport other = m::agreement_report(pairs, {.resamples = 500, .seed = 8});
  CHECK(same(first.kappa, again.kappa));
  CHECK(same(first.accuracy, again.accuracy));
  CHECK_FALSE(same(first.kappa, other.kappa));
  CHECK(first.kappa.resamples == 500);
  CHECK(first.kappa.undefined == 0);
  REQUIRE(first.kappa.interval.has_value());
  CHECK(first.kappa.interval->lower < *first.point.kappa);
  CHECK(*first.point.kappa < first.kappa.interval->upper);
}

TEST_CASE("resamples where kappa is undefined are reported", "[metrics][bootstrap]") {
  // Three pairs: a resample of only (A, A) or only (B, B) has pe == 1 (chance 9/27 per resample).
  const std::vector<VerdictPair> pairs = {
      {Verdict::A, Verdict::A}, {Verdict::A, Verdict::A}, {Verdict::B, Verdict::B}};
  const m::BootstrapOptions options{.resamples = 300, .seed = 3};
  std::size_t one_class = 0;
  m::for_each_resample(pairs.size(), options, [&](std::span<const std::size_t> indices) {
    const bool all_a = indices[0] < 2 && indices[1] < 2 && indices[2] < 2;
    const bool all_b = indices[0] == 2 && indices[1] == 2 && indices[2] == 2;
    if (all_a || all_b) ++one_class;
  });
  const m::AgreementReport report = m::agreement_report(pairs, options);
  CHECK(one_class > 50);
  CHECK(report.kappa.undefined == one_class);
  CHECK(report.kappa.resamples == 300);
  CHECK(report.accuracy.undefined == 0);
  REQUIRE(report.kappa.interval.has_value());
  CHECK(report.kappa.interval->lower == 1.0);
  CHECK(report.kappa.interval->upper == 1.0);
}

TEST_CASE("an empty input has no interval and every resample undefined", "[metrics][bootstrap]") {
  const m::AgreementReport report = m::agreement_report({}, {.resamples = 20, .seed = 1});
  CHECK_FALSE(report.kappa.interval.has_value());
  CHECK(report.kappa.undefined == 20);
  CHECK(report.accuracy.undefined == 20);
}
