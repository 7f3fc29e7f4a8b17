#pragma once
// Hashes of bytes: SHA-256 (FIPS 180-4) for everything written or compared across runs (prompt
// ids, cache keys, config and template hashes), and a fast 64-bit hash for in-memory tables.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace pogen {

std::array<std::uint8_t, 32> sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

// A fast 64-bit hash (FNV-1a with a splitmix64 finalizer) for in-memory tables only: it is not
// stable across versions and never written anywhere.
std::uint64_t hash64(std::string_view data);

}  // namespace pogen
