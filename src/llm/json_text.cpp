#include "llm/json_text.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace pogen::llm {

namespace {

using nlohmann::json;

// The escape of an ASCII byte as dump() writes it (ensure_ascii off), or nullptr when the byte
// stands for itself.
const char* short_escape(unsigned char c) {
  switch (c) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      return nullptr;
  }
}

bool plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighs = 0x8080808080808080ull;

// Whether any of the eight bytes is zero (exact for "any", not for which one).
std::uint64_t any_zero(std::uint64_t word) { return (word - kOnes) & ~word & kHighs; }

// Whether the eight bytes at `at` are all plain, tested together (a prompt is mostly plain).
bool plain_word(const char* at) {
  std::uint64_t word = 0;
  std::memcpy(&word, at, sizeof word);
  const std::uint64_t control_or_high = ((word - kOnes * 0x20) & ~word) | word;
  return ((control_or_high & kHighs) | any_zero(word ^ (kOnes * '"')) |
          any_zero(word ^ (kOnes * '\\'))) == 0;
}

// False, with `out` as it was, when the text holds a byte above ASCII: the caller then lets
// nlohmann write it, which validates the UTF-8 and passes it through.
bool append_ascii_string(std::string_view text, std::string& out) {
  const std::size_t rollback = out.size();
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < text.size();) {
    if (i + 8 <= text.size() && plain_word(text.data() + i)) {
      i += 8;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      out.resize(rollback);
      return false;
    }
    ++i;
    if (plain(c)) continue;
    out.append(text.data() + run, i - 1 - run);
    run = i;
    if (const char* escape = short_escape(c)) {
      out += escape;
    } else {
      constexpr char kHex[] = "0123456789abcdef";  // dump() writes \u00XX in lower case
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
  return true;
}

void append_key(const std::string& key, std::string& out) {
  if (!append_ascii_string(key, out)) out += json(key).dump();
}

void append(const json& value, std::string& out) {
  switch (value.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) out += ',';
        first = false;
        append_key(key, out);
        out += ':';
        append(member, out);
      }
      out += '}';
      return;
    }
    case json::value_t::array: {
      out += '[';
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (i > 0) out += ',';
        append(value[i], out);
      }
      out += ']';
      return;
    }
    case json::value_t::string:
      if (!append_ascii_string(value.get_ref<const std::string&>(), out)) out += value.dump();
      return;
    default:  // numbers, booleans, null: short, and their formatting is nlohmann's own
      out += value.dump();
      return;
  }
}

}  // namespace

std::string json_text(const nlohmann::json& value) {
  std::string out;
  append(value, out);
  return out;
}

}  // namespace pogen::llm
