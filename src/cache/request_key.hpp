#pragma once
// The resume cache's key: a SHA-256 of the request as the model sees it plus where it sits in the
// workflow. Two calls with the same key are the same question, so one stored answer serves both.
// In the key: the endpoint's model, the messages (role, content), every sampling field that is
// set, n, response_format, top_logprobs when asked for, the endpoint's extra_body, and the
// context's role, iteration and sample. Not in it: the endpoint's name and base URLs (moving a
// model to another server keeps the cache), the API key and headers, and the item id (identical
// requests share one answer). docs/resume.md describes the format; changing it invalidates every
// existing cache, so kKeyFormat is part of what is hashed and must be bumped with any change.

#include <string>

#include <nlohmann/json.hpp>

#include "chat/chat.hpp"
#include "chat/chat_service.hpp"

namespace pogen::io {

inline constexpr int kKeyFormat = 1;

// The compact JSON that is hashed: an object with sorted keys, no spaces, UTF-8 unescaped.
// Throws nlohmann::json::type_error for text that is not valid UTF-8 (which parsed prompts and
// parsed responses never hold).
std::string canonical_request(const std::string& model, const llm::ChatRequest& request,
                              const nlohmann::json& extra_body, const llm::CallContext& context);

// Lower-case hex SHA-256 of canonical_request(...).
std::string request_key(const std::string& model, const llm::ChatRequest& request,
                        const nlohmann::json& extra_body, const llm::CallContext& context);

}  // namespace pogen::io
