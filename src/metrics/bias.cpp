#include "metrics/bias.hpp"

namespace pogen::metrics {
namespace {

std::optional<double> share(std::size_t count, std::size_t total) {
  if (total == 0) return std::nullopt;
  return static_cast<double>(count) / static_cast<double>(total);
}

void count_position(PositionPreference& preference, Verdict as_presented) {
  if (as_presented == Verdict::A) {
    ++preference.first;
  } else if (as_presented == Verdict::B) {
    ++preference.second;
  } else {
    ++preference.ties;
  }
}

void count_length(LongerAnswerPreference& preference, std::size_t length_a, std::size_t length_b,
                  Verdict verdict) {
  if (length_a == length_b) {
    ++preference.equal_length;
  } else if (verdict == Verdict::tie) {
    ++preference.ties;
  } else if ((verdict == Verdict::A) == (length_a > length_b)) {
    ++preference.longer;
  } else {
    ++preference.shorter;
  }
}

}  // namespace

std::optional<double> Proportion::value() const { return share(count, total); }

Proportion position_consistency(std::span<const SwappedVerdicts> pairs) {
  Proportion result;
  result.total = pairs.size();
  for (const SwappedVerdicts& pair : pairs) {
    if (pair.ab == pair.ba) ++result.count;
  }
  return result;
}

std::optional<double> PositionPreference::first_win_rate() const {
  return share(first, first + second);
}

PositionPreference position_preference(std::span<const Verdict> as_presented) {
  PositionPreference result;
  for (Verdict verdict : as_presented) count_position(result, verdict);
  return result;
}

PositionPreference position_preference(std::span<const SwappedVerdicts> pairs) {
  PositionPreference result;
  for (const SwappedVerdicts& pair : pairs) {
    count_position(result, pair.ab);
    // In the BA order the original B was shown first.
    count_position(result, swap_labels(pair.ba));
  }
  return result;
}

std::optional<double> LongerAnswerPreference::longer_win_rate() const {
  return share(longer, longer + shorter);
}

LongerAnswerPreference longer_answer_preference(std::span<const LengthVerdict> items) {
  LongerAnswerPreference result;
  for (const LengthVerdict& item : items) {
    count_length(result, item.length_a, item.length_b, item.verdict);
  }
  return result;
}

LengthBias length_bias(std::span<const LengthJudged> items) {
  LengthBias result;
  for (const LengthJudged& item : items) {
    count_length(result.judge, item.length_a, item.length_b, item.judge);
    count_length(result.human, item.length_a, item.length_b, item.human);
  }
  return result;
}

}  // namespace pogen::metrics
