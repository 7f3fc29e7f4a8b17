#pragma once
// Stable prompt ids. A prompt without an id gets one derived from its content alone (never from
// its position), so shuffling, splitting or concatenating prompt files keeps every id.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chat/chat.hpp"
#include "core/hashes.hpp"

namespace pogen::io {

// The conversation as hashed: compact JSON [[role, content], ...] with UTF-8 left unescaped,
// which Python's json.dumps(x, separators=(",", ":"), ensure_ascii=False) reproduces.
std::string canonical_conversation(const std::vector<llm::Message>& messages);

// "p-" followed by the first 16 hex digits (64 bits) of the SHA-256 of the canonical
// conversation. 64 bits keep the chance of any collision in 10^6 prompts near 3e-8, and a
// collision is reported as a duplicate, never merged silently.
std::string content_id(const std::vector<llm::Message>& messages);

}  // namespace pogen::io
