#pragma once
// Counts of (reference, predicted) verdict pairs: the one table every agreement measure is read
// from. Rows are the reference (the human label), columns the prediction (the judge).

#include <array>
#include <cstddef>
#include <span>

#include "metrics/verdict.hpp"

namespace pogen::metrics {

struct VerdictPair {
  Verdict reference = Verdict::tie;  // the human label, or the first rater
  Verdict predicted = Verdict::tie;  // the judge, or the second rater
};

struct ConfusionMatrix {
  std::array<std::array<std::size_t, 3>, 3> counts{};  // counts[reference][predicted]

  void add(Verdict reference, Verdict predicted);
  std::size_t at(Verdict reference, Verdict predicted) const;
  std::size_t total() const;
  std::size_t agreements() const;                      // the diagonal
  std::size_t reference_count(Verdict verdict) const;  // row sum
  std::size_t predicted_count(Verdict verdict) const;  // column sum
};

ConfusionMatrix confusion_matrix(std::span<const VerdictPair> pairs);

}  // namespace pogen::metrics
