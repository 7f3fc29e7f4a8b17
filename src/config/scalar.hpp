#pragma once
// How pogen reads plain YAML scalars, after the YAML 1.2 core schema: true/false (any case
// form the schema allows), decimal integers, and decimal floats. Hex, octal, .inf and .nan are
// not numbers to pogen.

#include <cstdint>
#include <optional>
#include <string_view>

namespace pogen::io {

std::optional<bool> parse_bool(std::string_view text);
bool is_null_word(std::string_view text);  // null, Null, NULL, ~
bool looks_like_integer(std::string_view text);
// Nothing when the text is not an integer or does not fit.
std::optional<std::int64_t> parse_integer(std::string_view text);
// An integer or a decimal float (1, -2.5, .5, 1e-3); nothing otherwise.
std::optional<double> parse_decimal(std::string_view text);

}  // namespace pogen::io
