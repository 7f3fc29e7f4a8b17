#pragma once
// A fast reader for the JSON that chat completions are made of: objects, arrays, ASCII strings
// (escapes included, \u ones too), integers of up to 18 digits, true, false and null. It gives
// the value nlohmann::json::parse would give, or nullopt for any other text (a float, raw
// non-ASCII bytes, a malformed text), which the caller then hands to nlohmann: its errors are
// the ones reported. nlohmann's lexer copies every byte it reads into a diagnostics buffer;
// parsing each reply that way was a third of the client's instructions per request.

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pogen::llm {

std::optional<nlohmann::json> read_plain_json(std::string_view text);

}  // namespace pogen::llm
