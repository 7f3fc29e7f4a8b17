#pragma once
// Agreement of a judge with a reference (the human labels) over the classes {A, B, tie}:
// unweighted Cohen's kappa and accuracy, each with a bootstrap interval.

#include <optional>
#include <span>

#include "metrics/bootstrap.hpp"
#include "metrics/confusion_matrix.hpp"

namespace pogen::metrics {

// (po - pe) / (1 - pe), po the observed agreement and pe the agreement expected by chance from
// the two raters' class frequencies. Undefined (nullopt, never a sentinel value) when there is
// no pair, or when pe == 1: both raters put every item in one and the same class, so chance
// alone explains all the agreement and the ratio is 0 / 0.
std::optional<double> cohen_kappa(const ConfusionMatrix& matrix);
std::optional<double> cohen_kappa(std::span<const VerdictPair> pairs);

// Share of pairs that agree; nullopt when there is no pair.
std::optional<double> accuracy(const ConfusionMatrix& matrix);

struct Agreement {
  ConfusionMatrix matrix;  // per-class counts are its row and column sums
  std::optional<double> kappa;
  std::optional<double> accuracy;
};

Agreement agreement(std::span<const VerdictPair> pairs);

struct AgreementReport {
  Agreement point;
  BootstrapInterval kappa;  // computed on the same resamples as accuracy
  BootstrapInterval accuracy;
};

AgreementReport agreement_report(std::span<const VerdictPair> pairs,
                                 const BootstrapOptions& options);

}  // namespace pogen::metrics
