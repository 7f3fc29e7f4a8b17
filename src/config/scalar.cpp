#include "config/scalar.hpp"

#include <charconv>
#include <cmath>

namespace pogen::io {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view skip_digits(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_digit(text[i])) ++i;
  return text.substr(i);
}

std::string_view without_sign(std::string_view text) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
  return text;
}

// [-+]? ( \.[0-9]+ | [0-9]+ (\.[0-9]*)? ) ([eE][-+]?[0-9]+)?
bool looks_like_decimal(std::string_view text) {
  std::string_view rest = without_sign(text);
  const std::size_t digits_before = rest.size() - skip_digits(rest).size();
  rest = skip_digits(rest);
  std::size_t digits_after = 0;
  if (!rest.empty() && rest[0] == '.') {
    rest.remove_prefix(1);
    digits_after = rest.size() - skip_digits(rest).size();
    rest = skip_digits(rest);
  }
  if (digits_before == 0 && digits_after == 0) return false;
  if (!rest.empty() && (rest[0] == 'e' || rest[0] == 'E')) {
    rest = without_sign(rest.substr(1));
    if (rest.empty() || !is_digit(rest[0])) return false;
    rest = skip_digits(rest);
  }
  return rest.empty();
}

}  // namespace

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

bool is_null_word(std::string_view text) {
  return text == "null" || text == "Null" || text == "NULL" || text == "~";
}

bool looks_like_integer(std::string_view text) {
  std::string_view digits = without_sign(text);
  return !digits.empty() && skip_digits(digits).empty();
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  if (!looks_like_integer(text)) return std::nullopt;
  if (text[0] == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_decimal(std::string_view text) {
  if (!looks_like_decimal(text)) return std::nullopt;
  if (text[0] == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace pogen::io
