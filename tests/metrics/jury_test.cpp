#include "metrics/jury.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "metrics/juror_agreement.hpp"

using pogen::metrics::ScorePair;
using pogen::metrics::Verdict;
namespace m = pogen::metrics;

namespace {

constexpr Verdict A = Verdict::A;
constexpr Verdict B = Verdict::B;
constexpr Verdict T = Verdict::tie;

Verdict vote(std::vector<Verdict> votes) { return m::majority_vote(votes); }

}  // namespace

TEST_CASE("the most common verdict wins the vote", "[metrics][jury]") {
  CHECK(vote({A, A, B}) == A);
  CHECK(vote({B, T, B, A}) == B);
  CHECK(vote({T, T, A}) == T);
  CHECK(vote({B}) == B);
}

TEST_CASE("a split between the most common verdicts is a tie", "[metrics][jury]") {
  CHECK(vote({A, B}) == T);
  CHECK(vote({A, B, T}) == T);
  CHECK(vote({A, A, B, B, T}) == T);
  CHECK(vote({B, B, T, T, A}) == T);
  CHECK(vote({A, A, B, B, T, T}) == T);
}

TEST_CASE("a vote needs at least one verdict", "[metrics][jury]") {
  CHECK_THROWS_WITH(vote({}), "majority_vote: no votes");
}

TEST_CASE("mean scores compare the mean of A with the mean of B", "[metrics][jury]") {
  const std::vector<ScorePair> scores = {{8, 6}, {7, 9}, {9, 7}};
  const ScorePair mean = m::mean_scores(scores);
  CHECK(mean.a == 8.0);
  CHECK(mean.b == Approx(22.0 / 3.0).margin(1e-15));
  CHECK(m::mean_score_verdict(scores) == A);
  // Two narrow verdicts for A, one wide one for B: a majority vote says A, the mean says B.
  const std::vector<ScorePair> outvoted = {{6, 5}, {6, 5}, {1, 9}};
  CHECK(m::mean_score_verdict(outvoted) == B);
  const std::vector<ScorePair> balanced = {{8, 6}, {6, 8}};
  CHECK(m::mean_score_verdict(balanced) == T);
  CHECK_THROWS_WITH(m::mean_scores({}), "mean_scores: no scores");
}

TEST_CASE("Fleiss' kappa matches the hand computation", "[metrics][jury]") {
  // Three jurors, four items. Agreeing ordered juror pairs per item, out of 3 * 2 = 6:
  //   A A A   -> 3*2 = 6   P1 = 1
  //   A A B   -> 2*1 = 2   P2 = 1/3
  //   B B tie -> 2*1 = 2   P3 = 1/3
  //   A B tie -> 0         P4 = 0
  // P = (1 + 1/3 + 1/3 + 0) / 4 = 5/12. Class shares over 12 votes: A 6, B 4, tie 2, so
  // Pe = (1/2)^2 + (1/3)^2 + (1/6)^2 = 14/36 = 7/18.
  // kappa = (5/12 - 7/18) / (1 - 7/18) = (1/36) / (11/18) = 1/22.
  const std::vector<std::vector<Verdict>> ratings = {{A, A, A}, {A, A, B}, {B, B, T}, {A, B, T}};
  const std::optional<double> kappa = m::fleiss_kappa(ratings);
  REQUIRE(kappa.has_value());
  CHECK(*kappa == Approx(1.0 / 22.0).margin(1e-15));
}

TEST_CASE("Fleiss' kappa of unanimous jurors on one class is undefined", "[metrics][jury]") {
  const std::vector<std::vector<Verdict>> ratings = {{A, A}, {A, A}, {A, A}};
  CHECK_FALSE(m::fleiss_kappa(ratings).has_value());
  CHECK_FALSE(m::fleiss_kappa({}).has_value());
  const std::vector<std::vector<Verdict>> unanimous = {{A, A}, {B, B}, {T, T}};
  CHECK(m::fleiss_kappa(unanimous) == 1.0);
}

TEST_CASE("juror agreement needs the same number of jurors, at least 2, on every item",
          "[metrics][jury]") {
  const std::vector<std::vector<Verdict>> ragged = {{A, A, B}, {A, B}};
  CHECK_THROWS_WITH(m::fleiss_kappa(ragged), "fleiss_kappa: item 1 has 2 verdicts, item 0 has 3");
  const std::vector<std::vector<Verdict>> alone = {{A}, {B}};
  CHECK_THROWS_WITH(m::mean_pairwise_cohen_kappa(alone),
                    "mean_pairwise_cohen_kappa: need at least 2 jurors per item, got 1");
}

TEST_CASE("mean pairwise Cohen's kappa matches the hand computation", "[metrics][jury]") {
  // Same ratings as the Fleiss example; jurors are the columns:
  //   j1 = A A B A, j2 = A A B B, j3 = A B tie tie.
  // (j1, j2): po = 3/4, pe = (3*2 + 1*2) / 16 = 1/2, kappa = (3/4 - 1/2) / (1/2) = 1/2.
  // (j1, j3): po = 1/4, pe = (3*1 + 1*1) / 16 = 1/4, kappa = 0.
  // (j2, j3): po = 1/4, pe = (2*1 + 2*1) / 16 = 1/4, kappa = 0.
  // Mean = (1/2 + 0 + 0) / 3 = 1/6.
  const std::vector<std::vector<Verdict>> ratings = {{A, A, A}, {A, A, B}, {B, B, T}, {A, B, T}};
  const m::PairwiseKappa result = m::mean_pairwise_cohen_kappa(ratings);
  CHECK(result.pairs == 3);
  CHECK(result.undefined == 0);
  REQUIRE(result.mean.has_value());
  CHECK(*result.mean == Approx(1.0 / 6.0).margin(1e-15));
}

TEST_CASE("pairs of jurors with undefined kappa are counted, not averaged", "[metrics][jury]") {
  // j1 and j2 always say A: their kappa is undefined. j3 varies: kappa 0 against either.
  const std::vector<std::vector<Verdict>> ratings = {{A, A, A}, {A, A, B}, {A, A, T}};
  const m::PairwiseKappa result = m::mean_pairwise_cohen_kappa(ratings);
  CHECK(result.pairs == 3);
  CHECK(result.undefined == 1);
  CHECK(result.mean == 0.0);
}
