#pragma once
// Telling an obvious refusal ("I can't help with that") from a reply the parser merely could not
// read, so that a refusal is recorded as refused and not re-asked. Deliberately conservative:
// only a short list of first-person refusal phrases (docs/judging.md), starting a word, and only
// in the opening of the reply, because a judge that says "I cannot evaluate the code's speed,
// but..." and then scores is not refusing (and a reply that parses is never checked at all).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pogen::pipeline {

// The phrases, lower case, with a plain apostrophe.
const std::vector<std::string>& refusal_phrases();

// How far into the reply (after reasoning blocks are removed) a phrase must start.
inline constexpr std::size_t kRefusalWindow = 200;

// The phrase found, as listed, or nullopt. Case-insensitive; a typographic apostrophe (U+2019)
// counts as a plain one.
std::optional<std::string> find_refusal(std::string_view reply);

}  // namespace pogen::pipeline
