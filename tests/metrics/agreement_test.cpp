#include "metrics/agreement.hpp"

#include <catch2/catch.hpp>

#include <vector>

using pogen::metrics::Verdict;
using pogen::metrics::VerdictPair;
namespace m = pogen::metrics;

namespace {

constexpr Verdict A = Verdict::A;
constexpr Verdict B = Verdict::B;
constexpr Verdict T = Verdict::tie;

// Rows are the reference, columns the prediction:
//          A  B  tie | row
//   A      3  1  0   | 4
//   B      1  2  0   | 3
//   tie    0  1  2   | 3
//   column 4  4  2   | 10
std::vector<VerdictPair> hand_example() {
  return {{A, A}, {A, A}, {A, A}, {A, B}, {B, A}, {B, B}, {B, B}, {T, B}, {T, T}, {T, T}};
}

}  // namespace

TEST_CASE("the confusion matrix counts rows as reference and columns as prediction",
          "[metrics][agreement]") {
  const m::ConfusionMatrix matrix = m::confusion_matrix(hand_example());
  CHECK(matrix.at(A, A) == 3);
  CHECK(matrix.at(A, B) == 1);
  CHECK(matrix.at(B, A) == 1);
  CHECK(matrix.at(T, B) == 1);
  CHECK(matrix.at(B, T) == 0);
  CHECK(matrix.total() == 10);
  CHECK(matrix.agreements() == 7);
  CHECK(matrix.reference_count(A) == 4);
  CHECK(matrix.reference_count(B) == 3);
  CHECK(matrix.reference_count(T) == 3);
  CHECK(matrix.predicted_count(A) == 4);
  CHECK(matrix.predicted_count(B) == 4);
  CHECK(matrix.predicted_count(T) == 2);
}

TEST_CASE("kappa and accuracy match the hand computation", "[metrics][agreement]") {
  // po = 7/10 = 0.7; pe = (4*4 + 3*4 + 3*2) / 10^2 = 34/100 = 0.34;
  // kappa = (0.7 - 0.34) / (1 - 0.34) = 0.36 / 0.66 = 6/11.
  const m::Agreement result = m::agreement(hand_example());
  REQUIRE(result.kappa.has_value());
  CHECK(*result.kappa == Approx(6.0 / 11.0).margin(1e-15));
  REQUIRE(result.accuracy.has_value());
  CHECK(*result.accuracy == Approx(0.7).margin(1e-15));
  CHECK(result.matrix.total() == 10);
}

TEST_CASE("perfect agreement over several classes is kappa 1", "[metrics][agreement]") {
  const std::vector<VerdictPair> pairs = {{A, A}, {B, B}, {T, T}, {A, A}};
  CHECK(m::cohen_kappa(pairs) == 1.0);
  CHECK(m::accuracy(m::confusion_matrix(pairs)) == 1.0);
}

TEST_CASE("complete disagreement is negative kappa", "[metrics][agreement]") {
  // po = 0; pe = (1*1 + 1*1) / 2^2 = 0.5; kappa = (0 - 0.5) / 0.5 = -1.
  const std::vector<VerdictPair> swapped = {{A, B}, {B, A}};
  CHECK(m::cohen_kappa(swapped) == -1.0);
  // po = 0; pe = 3 * (1*1) / 3^2 = 1/3; kappa = (-1/3) / (2/3) = -0.5.
  const std::vector<VerdictPair> rotated = {{A, B}, {B, T}, {T, A}};
  CHECK(*m::cohen_kappa(rotated) == Approx(-0.5).margin(1e-15));
  CHECK(m::accuracy(m::confusion_matrix(rotated)) == 0.0);
}

TEST_CASE("kappa is undefined when both raters use one single identical class",
          "[metrics][agreement]") {
  // pe = 4*4 / 4^2 = 1: (po - pe) / (1 - pe) is 0 / 0.
  const std::vector<VerdictPair> pairs = {{T, T}, {T, T}, {T, T}, {T, T}};
  const m::Agreement result = m::agreement(pairs);
  CHECK_FALSE(result.kappa.has_value());
  CHECK(result.accuracy == 1.0);
}

TEST_CASE("one rater using one class only is kappa 0, not undefined", "[metrics][agreement]") {
  // po = 2/4; pe = (4*2) / 4^2 = 0.5; kappa = 0 / 0.5 = 0.
  const std::vector<VerdictPair> pairs = {{A, A}, {A, A}, {A, B}, {A, T}};
  CHECK(m::cohen_kappa(pairs) == 0.0);
}

TEST_CASE("no pair leaves kappa and accuracy undefined", "[metrics][agreement]") {
  const m::Agreement result = m::agreement({});
  CHECK_FALSE(result.kappa.has_value());
  CHECK_FALSE(result.accuracy.has_value());
}
