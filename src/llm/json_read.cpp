#include "llm/json_read.hpp"

#include <cstdint>
#include <string>
#include <utility>

namespace pogen::llm {

namespace {

using nlohmann::json;

// Deeper texts go to nlohmann, which has no limit of its own.
constexpr int kMaxDepth = 64;
// Up to 18 digits an integer fits any of nlohmann's integer types; longer ones may not.
constexpr int kMaxDigits = 18;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Every function returns false, having consumed whatever, as soon as the text leaves the subset.
class Reader {
 public:
  explicit Reader(std::string_view text) : at_(text.data()), end_(text.data() + text.size()) {}

  bool document(json& out) {
    skip_space();
    if (!value(out, 0)) return false;
    skip_space();
    return at_ == end_;
  }

 private:
  bool value(json& out, int depth) {
    if (at_ == end_ || depth > kMaxDepth) return false;
    switch (*at_) {
      case '{':
        return object(out, depth);
      case '[':
        return array(out, depth);
      case '"': {
        std::string text;
        if (!string(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't':
        out = true;
        return literal("true");
      case 'f':
        out = false;
        return literal("false");
      case 'n':
        out = nullptr;
        return literal("null");
      default:
        return integer(out);
    }
  }

  bool object(json& out, int depth) {
    ++at_;  // {
    out = json::object();
    auto& members = out.get_ref<json::object_t&>();
    skip_space();
    if (at_ != end_ && *at_ == '}') return ++at_, true;
    for (;;) {
      std::string key;
      if (at_ == end_ || *at_ != '"' || !string(key)) return false;
      skip_space();
      if (at_ == end_ || *at_ != ':') return false;
      ++at_;
      skip_space();
      json member;
      if (!value(member, depth + 1)) return false;
      members[std::move(key)] = std::move(member);  // a repeated key: the last one wins
      skip_space();
      if (at_ == end_) return false;
      if (*at_ == '}') return ++at_, true;
      if (*at_ != ',') return false;
      ++at_;
      skip_space();
    }
  }

  bool array(json& out, int depth) {
    ++at_;  // [
    out = json::array();
    auto& elements = out.get_ref<json::array_t&>();
    skip_space();
    if (at_ != end_ && *at_ == ']') return ++at_, true;
    for (;;) {
      json element;
      if (!value(element, depth + 1)) return false;
      elements.push_back(std::move(element));
      skip_space();
      if (at_ == end_) return false;
      if (*at_ == ']') return ++at_, true;
      if (*at_ != ',') return false;
      ++at_;
      skip_space();
    }
  }

  bool string(std::string& out) {
    ++at_;  // "
    for (;;) {
      const char* run = at_;
      while (at_ != end_ && plain(*at_)) ++at_;
      out.append(run, static_cast<std::size_t>(at_ - run));
      if (at_ == end_) return false;
      if (*at_ == '"') return ++at_, true;
      if (*at_ != '\\') return false;  // a control character, or a byte above ASCII
      ++at_;
      if (!escape(out)) return false;
    }
  }

  static bool plain(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
  }

  bool escape(std::string& out) {
    if (at_ == end_) return false;
    const char c = *at_++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        return unicode_escape(out);
      default:
        return false;
    }
  }

  // After "\u": one code point, or a surrogate pair written as two escapes.
  bool unicode_escape(std::string& out) {
    std::uint32_t code_point = 0;
    if (!four_hex(code_point)) return false;
    if (code_point >= 0xDC00 && code_point <= 0xDFFF) return false;
    if (code_point >= 0xD800 && code_point <= 0xDBFF) {
      std::uint32_t low = 0;
      if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return false;
      at_ += 2;
      if (!four_hex(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(code_point, out);
    return true;
  }

  bool four_hex(std::uint32_t& out) {
    if (end_ - at_ < 4) return false;
    for (int i = 0; i < 4; ++i) {
      const int digit = hex_digit(*at_++);
      if (digit < 0) return false;
      out = out * 16 + static_cast<std::uint32_t>(digit);
    }
    return true;
  }

  // nlohmann's types: unsigned without a minus sign, signed with one ("-0" included).
  bool integer(json& out) {
    const bool negative = *at_ == '-';
    if (negative) ++at_;
    const char* digits = at_;
    std::uint64_t magnitude = 0;
    while (at_ != end_ && *at_ >= '0' && *at_ <= '9') {
      magnitude = magnitude * 10 + static_cast<std::uint64_t>(*at_ - '0');
      ++at_;
    }
    const auto count = at_ - digits;
    if (count == 0 || count > kMaxDigits || (*digits == '0' && count > 1)) return false;
    if (at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E')) return false;  // a float
    if (negative) {
      out = -static_cast<std::int64_t>(magnitude);
    } else {
      out = magnitude;
    }
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - at_) < word.size()) return false;
    if (std::string_view(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  const char* at_;
  const char* end_;
};

}  // namespace

std::optional<nlohmann::json> read_plain_json(std::string_view text) {
  json value;
  if (!Reader(text).document(value)) return std::nullopt;
  return value;
}

}  // namespace pogen::llm
