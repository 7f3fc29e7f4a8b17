#pragma once
// "Did you mean" for misspelt names (config keys, subcommands, endpoint names): the closest
// candidate by edit distance, when it is close enough to be a plausible typo.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pogen::io {

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// two adjacent characters each cost 1 ("modle" is 1 away from "model").
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` if it is within the typo budget (1 edit for short names, up to
// 3 for long ones); the first of equally near candidates wins.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates);

// ` (did you mean "model"?)` or "" when nothing is close: the tail of an "unknown ..." message.
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

}  // namespace pogen::io
