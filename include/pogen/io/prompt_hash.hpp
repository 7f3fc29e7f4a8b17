#pragma once
// Stable prompt ids. A prompt without an id gets one derived from its content alone (never from
// its position), so shuffling, splitting or concatenating prompt files keeps every id.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pogen/llm/chat.hpp"

namespace pogen::io {

std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

// The conversation as hashed: compact JSON [[role, content], ...] with UTF-8 left unescaped,
// which Python's json.dumps(x, separators=(",", ":"), ensure_ascii=False) reproduces.
std::string canonical_conversation(const std::vector<llm::Message>& messages);

// "p-" followed by the first 16 hex digits (64 bits) of the SHA-256 of the canonical
// conversation. 64 bits keep the chance of any collision in 10^6 prompts near 3e-8, and a
// collision is reported as a duplicate, never merged silently.
std::string content_id(const std::vector<llm::Message>& messages);

// A fast 64-bit hash (FNV-1a with a splitmix64 finalizer) for in-memory tables only: it is not
// stable across versions and never written anywhere.
std::uint64_t hash64(std::string_view data);

}  // namespace pogen::io
