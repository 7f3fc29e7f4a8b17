#include "metrics/confusion_matrix.hpp"

namespace pogen::metrics {

void ConfusionMatrix::add(Verdict reference, Verdict predicted) {
  ++counts[verdict_index(reference)][verdict_index(predicted)];
}

std::size_t ConfusionMatrix::at(Verdict reference, Verdict predicted) const {
  return counts[verdict_index(reference)][verdict_index(predicted)];
}

std::size_t ConfusionMatrix::total() const {
  std::size_t sum = 0;
  for (const auto& row : counts) {
    for (std::size_t count : row) sum += count;
  }
  return sum;
}

std::size_t ConfusionMatrix::agreements() const {
  std::size_t sum = 0;
  for (Verdict verdict : kVerdicts) sum += at(verdict, verdict);
  return sum;
}

std::size_t ConfusionMatrix::reference_count(Verdict verdict) const {
  std::size_t sum = 0;
  for (Verdict predicted : kVerdicts) sum += at(verdict, predicted);
  return sum;
}

std::size_t ConfusionMatrix::predicted_count(Verdict verdict) const {
  std::size_t sum = 0;
  for (Verdict reference : kVerdicts) sum += at(reference, verdict);
  return sum;
}

ConfusionMatrix confusion_matrix(std::span<const VerdictPair> pairs) {
  ConfusionMatrix matrix;
  for (const VerdictPair& pair : pairs) matrix.add(pair.reference, pair.predicted);
  return matrix;
}

}  // namespace pogen::metrics
