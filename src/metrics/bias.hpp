#pragma once
// Measures of a judge's biases: does its verdict follow the order the answers were shown in,
// and does it prefer the longer answer more often than humans do?

#include <cstddef>
#include <optional>
#include <span>

#include "metrics/verdict.hpp"

namespace pogen::metrics {

struct Proportion {
  std::size_t count = 0;
  std::size_t total = 0;
  std::optional<double> value() const;  // count / total; nullopt when total is 0
};

// One pair judged in both orders. ba is the verdict given with the answers swapped, already
// mapped back to the original labels (swap_labels), so an order-blind judge has ab == ba.
struct SwappedVerdicts {
  Verdict ab = Verdict::tie;
  Verdict ba = Verdict::tie;
};

// Share of pairs whose verdict is unchanged by swapping the order.
Proportion position_consistency(std::span<const SwappedVerdicts> pairs);

struct PositionPreference {
  std::size_t first = 0;   // verdicts for the answer shown first
  std::size_t second = 0;  // verdicts for the answer shown second
  std::size_t ties = 0;    // counted, but not in the rate
  // first / (first + second): 0.5 is no preference for either position. nullopt without a
  // decisive verdict.
  std::optional<double> first_win_rate() const;
};

// verdicts as presented: A is whichever answer was shown first. Judging every pair in both
// orders makes the content of the answers cancel out, leaving the position.
PositionPreference position_preference(std::span<const Verdict> as_presented);
// Both orders of every pair: ab as presented, and ba mapped back to the order it was shown in.
PositionPreference position_preference(std::span<const SwappedVerdicts> pairs);

// Lengths are in whatever unit the caller chose (characters, tokens), the same for A and B.
struct LengthVerdict {
  std::size_t length_a = 0;
  std::size_t length_b = 0;
  Verdict verdict = Verdict::tie;
};

struct LongerAnswerPreference {
  std::size_t longer = 0;        // verdicts for the longer answer
  std::size_t shorter = 0;       // verdicts for the shorter answer
  std::size_t ties = 0;          // tie verdicts on answers of different lengths
  std::size_t equal_length = 0;  // pairs with no longer answer, whatever the verdict
  // longer / (longer + shorter); nullopt without a decisive verdict on unequal lengths.
  std::optional<double> longer_win_rate() const;
};

LongerAnswerPreference longer_answer_preference(std::span<const LengthVerdict> items);

struct LengthJudged {
  std::size_t length_a = 0;
  std::size_t length_b = 0;
  Verdict judge = Verdict::tie;
  Verdict human = Verdict::tie;
};

// A judge prefers long answers beyond what the content explains when its longer_win_rate is
// above the humans' on the same pairs.
struct LengthBias {
  LongerAnswerPreference judge;
  LongerAnswerPreference human;
};

LengthBias length_bias(std::span<const LengthJudged> items);

}  // namespace pogen::metrics
