#pragma once
// Compact JSON text of a value, exactly what value.dump() gives, faster for the long ASCII
// strings that make up a request body (prompts and answers): nlohmann's serializer decodes
// every byte through its UTF-8 state machine, which was a tenth of the client's CPU per request.

#include <string>

#include <nlohmann/json.hpp>

namespace pogen::llm {

// Throws what dump() throws (type_error 316 for a string that is not UTF-8).
std::string json_text(const nlohmann::json& value);

}  // namespace pogen::llm
