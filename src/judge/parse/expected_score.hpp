#pragma once
// Expected judge scores from log-probabilities (G-Eval, AlpacaEval 2): instead of the score the
// judge sampled, the mean of the whole scores on the scale weighted by their probabilities at the
// place where the score is written. docs/judging.md, "Expected scores", gives the definition;
// this is it, as pure functions.

#include <string_view>
#include <vector>

#include "chat/chat.hpp"
#include "judge/parse/parse.hpp"

namespace pogen::pipeline {

struct ExpectedScore {
  double value = 0;  // sum of p(s) * s over the counted scores s, divided by their mass
  double mass = 0;   // sum of p(s): the share of the probability at the score's place they cover
  bool operator==(const ExpectedScore&) const = default;
};

// The expected score of the score written at `span` of `content` (a reply's text) on the scale
// 0..max_score, from the reply's sampled tokens (`tokens`, which must spell `content` exactly:
// their bytes where given, else their text).
//
// Walking the sampled path from the score's first token: at each position, every listed
// alternative (the sampled token added when the server did not list it) that writes a whole
// number counts with the probability of the sampled tokens before it times its own:
// - its digits complete a score when the token goes on with something else ("7/", "7**"), or
//   when no longer score on the scale starts with them ("7" on 0..10: "70" is off the scale;
//   "0": no score has a leading zero);
// - after the first digits, an alternative that is not a digit ends the number with the digits
//   sampled so far ("1" then "/" is the score 1), one that is a digit extends it ("1" then "0"
//   is 10, P = P("1") * P("0" | "1"));
// - an alternative that could still go on to a longer score ("1" at the first position on
//   0..10, a "10" or a "1") is not counted unless it is the sampled token, whose continuation
//   the next position gives: the server reports nothing of the paths it did not sample;
// - a number that is off the scale, has a leading zero, or goes on as a decimal (".5") is not a
//   score and is not counted; leading whitespace of the first token is ignored.
// value is the weighted mean over what was counted, mass the probability it covers (<= 1).
//
// A failure names why there is none: the tokens do not spell the content (or are vLLM token
// ids), the score is not a whole number, its first token also holds text before it, or no
// alternative counted.
ParseResult<ExpectedScore> expected_score(const std::vector<llm::TokenLogprob>& tokens,
                                          std::string_view content, TextSpan span,
                                          double max_score);

// Two expected scores this close are a tie: half a percent of the scale (0.05 on 0..10).
inline constexpr double kExpectedTieShare = 0.005;
double expected_tie_tolerance(double max_score);

}  // namespace pogen::pipeline
