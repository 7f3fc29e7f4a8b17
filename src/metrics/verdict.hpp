#pragma once
// A preference between two answers, A and B, as a human or a judge states it. Every metric in
// this module is defined over these three classes.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include "core/enum_names.hpp"

namespace pogen::metrics {

enum class Verdict { A, B, tie };
inline constexpr EnumNames<Verdict, 3> kVerdictNames{
    {{{Verdict::A, "A"}, {Verdict::B, "B"}, {Verdict::tie, "tie"}}}};
constexpr const auto& enum_names(Verdict) { return kVerdictNames; }

inline constexpr std::array<Verdict, 3> kVerdicts = {Verdict::A, Verdict::B, Verdict::tie};

// "A", "B", "tie": the encoding of the reference data sets and of records.jsonl.
// Accepts exactly the names verdict_name returns; anything else is nullopt.

// The higher score wins; equal scores are a tie. Scores are compared as they are, so a caller
// holding a parse failure must not pass it in as a number (the paper did: see docs/metrics.md).
// Throws std::invalid_argument when a score is NaN or infinite.
Verdict verdict_from_scores(double score_a, double score_b);

// A <-> B, tie unchanged: maps a verdict given on swapped answers (BA order) back to the
// original labels.
Verdict swap_labels(Verdict verdict);

// Index of a verdict in kVerdicts and in the rows and columns of a ConfusionMatrix.
constexpr std::size_t verdict_index(Verdict verdict) { return static_cast<std::size_t>(verdict); }

}  // namespace pogen::metrics
