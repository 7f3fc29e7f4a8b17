#include "metrics/agreement.hpp"

#include <vector>

namespace pogen::metrics {

std::optional<double> cohen_kappa(const ConfusionMatrix& matrix) {
  const std::size_t n = matrix.total();
  // Chance agreement in integers first, so that pe == 1 is detected exactly rather than up to
  // rounding: pe = chance / n^2.
  std::size_t chance = 0;
  for (Verdict verdict : kVerdicts) {
    chance += matrix.reference_count(verdict) * matrix.predicted_count(verdict);
  }
  if (n == 0 || chance == n * n) return std::nullopt;
  const double size = static_cast<double>(n);
  const double po = static_cast<double>(matrix.agreements()) / size;
  const double pe = static_cast<double>(chance) / (size * size);
  return (po - pe) / (1.0 - pe);
}

std::optional<double> cohen_kappa(std::span<const VerdictPair> pairs) {
  return cohen_kappa(confusion_matrix(pairs));
}

std::optional<double> accuracy(const ConfusionMatrix& matrix) {
  const std::size_t n = matrix.total();
  if (n == 0) return std::nullopt;
  return static_cast<double>(matrix.agreements()) / static_cast<double>(n);
}

Agreement agreement(std::span<const VerdictPair> pairs) {
  Agreement result;
  result.matrix = confusion_matrix(pairs);
  result.kappa = cohen_kappa(result.matrix);
  result.accuracy = accuracy(result.matrix);
  return result;
}

AgreementReport agreement_report(std::span<const VerdictPair> pairs,
                                 const BootstrapOptions& options) {
  std::vector<std::optional<double>> kappas;
  std::vector<std::optional<double>> accuracies;
  kappas.reserve(options.resamples);
  accuracies.reserve(options.resamples);
  for_each_resample(pairs.size(), options, [&](std::span<const std::size_t> indices) {
    ConfusionMatrix matrix;
    for (std::size_t index : indices) matrix.add(pairs[index].reference, pairs[index].predicted);
    kappas.push_back(cohen_kappa(matrix));
    accuracies.push_back(accuracy(matrix));
  });
  return {agreement(pairs), percentile_interval(kappas), percentile_interval(accuracies)};
}

}  // namespace pogen::metrics
