#pragma once
// The length-controlled win rate of AlpacaEval 2 (Dubois et al. 2024, "Length-Controlled
// AlpacaEval"; its `length_controlled_minimal` model, without the per-instruction terms): a
// logistic model of A's outcome on the length difference of the two answers,
//
//   P(A wins) = sigmoid(b0 + b1 x),   x = tanh((len_a - len_b) / s),
//
// s the sample standard deviation of len_a - len_b over the compared prompts (AlpacaEval's
// `std_delta_len`), and the win rate it predicts at x = 0, when the answers are equally long:
// sigmoid(b0). A win is y = 1, a loss y = 0 and a tie y = 0.5, a fractional outcome in the
// likelihood y log p + (1 - y) log(1 - p) (the ties-as-half convention of the plain rate).
//
// The fit is Newton-Raphson on the log-likelihood from b = (0, 0), halving a step that would
// lower it, until both coefficients move less than kLcTolerance (at most kLcMaxIterations). When
// the maximum-likelihood estimate does not exist (the outcome is separated by the length: a
// judge that always picks the longer answer) Newton does not converge, or a coefficient passes
// kLcSeparationBound; then b1 is fitted under a ridge penalty kLcRidge / 2 * b1^2 (a standard
// normal prior on b1; b0 is not penalised), which always has a unique finite maximum.

#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "core/enum_names.hpp"
#include "metrics/bootstrap.hpp"
#include "metrics/win_rate.hpp"

namespace pogen::metrics {

inline constexpr double kLcTolerance = 1e-9;
inline constexpr int kLcMaxIterations = 100;
inline constexpr double kLcSeparationBound = 30;
inline constexpr double kLcRidge = 1;

// How the reported value was obtained.
enum class LcFit {
  maximum_likelihood,   // the logistic fit converged
  ridge,                // separated data: b1 fitted with the ridge penalty
  no_length_variation,  // every length difference equal (or one prompt): b1 undetermined, the
                        // value is the plain win rate with ties as half
  constant_outcome,     // every outcome a win, or every one a loss: the value is that rate (1 or
                        // 0), b0 and b1 are infinite and left out
};
inline constexpr EnumNames<LcFit, 4> kLcFitNames{
    {{{LcFit::maximum_likelihood, "maximum_likelihood"},
      {LcFit::ridge, "ridge"},
      {LcFit::no_length_variation, "no_length_variation"},
      {LcFit::constant_outcome, "constant_outcome"}}}};
constexpr const auto& enum_names(LcFit) { return kLcFitNames; }

// One compared prompt: the lengths of A's and B's answers (one unit for both; pogen uses
// characters) and the outcome for A.
struct LengthOutcome {
  std::size_t length_a = 0;
  std::size_t length_b = 0;
  MatchResult result = MatchResult::tie;
};

struct LengthControlledFit {
  std::size_t n = 0;
  std::optional<double> value;  // sigmoid(b0); nullopt: see reason
  std::string reason;           // why value is absent; empty otherwise
  std::optional<LcFit> fit;     // absent with value
  std::optional<double> b0;
  std::optional<double> b1;
  std::optional<double> scale;  // s; absent with fewer than two prompts
  int iterations = 0;           // Newton iterations of the fit that gave the value
};

// nullopt value only without any compared prompt.
LengthControlledFit length_controlled_win_rate(std::span<const LengthOutcome> outcomes);

struct LengthControlledReport {
  LengthControlledFit point;
  BootstrapInterval interval;  // the whole fit (s included) repeated on every resample of prompts
};

LengthControlledReport length_controlled_report(std::span<const LengthOutcome> outcomes,
                                                const BootstrapOptions& options);

}  // namespace pogen::metrics
