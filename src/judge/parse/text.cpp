// Low-level scanning shared by the judge parsers: words, gaps between a label and its value,
// and numbers with their scale.

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "judge/parse/detail.hpp"

namespace pogen::pipeline::detail {

namespace {

constexpr int kMaxFillerWords = 6;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_at(std::string_view text, std::size_t pos, std::string_view prefix) {
  return text.substr(pos, prefix.size()) == prefix;
}

// En and em dashes in UTF-8.
constexpr std::array<std::string_view, 2> kUnicodeDashes = {"\xE2\x80\x93", "\xE2\x80\x94"};

// A dash before a digit is a minus sign, which belongs to the number.
std::size_t dash_length(std::string_view text, std::size_t pos) {
  std::size_t len = 0;
  if (text[pos] == '-') {
    len = 1;
  } else {
    for (auto dash : kUnicodeDashes) {
      if (starts_with_at(text, pos, dash)) len = dash.size();
    }
  }
  if (len == 0) return 0;
  if (pos + len < text.size() && is_digit(text[pos + len])) return 0;
  return len;
}

bool is_gap_char(char c) {
  constexpr std::string_view kGapChars = " \t\r\n:*#_`=|>([\"";
  return kGapChars.find(c) != std::string_view::npos;
}

std::size_t read_digits(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  return pos;
}

// Digits with an optional decimal part; returns the end, or `pos` when there is no number.
std::size_t read_unsigned(std::string_view text, std::size_t pos) {
  std::size_t end = read_digits(text, pos);
  if (end == pos) return pos;
  if (end + 1 < text.size() && text[end] == '.' && is_digit(text[end + 1])) {
    end = read_digits(text, end + 1);
  }
  return end;
}

std::size_t skip_emphasis(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (text[pos] == '*' || text[pos] == '_' || text[pos] == '`')) ++pos;
  return pos;
}

std::optional<double> to_double(std::string_view digits) {
  double value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

// "/ 10" or "out of 10" after a number; returns the scale's text and end.
std::optional<std::pair<std::string_view, std::size_t>> read_scale(std::string_view text,
                                                                   std::size_t pos) {
  std::size_t i = skip_blanks(text, skip_emphasis(text, pos));
  if (i < text.size() && text[i] == '/') {
    i = skip_emphasis(text, skip_blanks(text, i + 1));
  } else if (auto out = match_word(text, i, "out")) {
    auto of = match_word(text, skip_blanks(text, *out), "of");
    if (!of) return std::nullopt;
    i = skip_emphasis(text, skip_blanks(text, *of));
  } else {
    return std::nullopt;
  }
  std::size_t end = read_unsigned(text, i);
  if (end == i) return std::nullopt;
  return std::pair{text.substr(i, end - i), end};
}

// Whether a number without a scale ends its clause: "7", "7.", "7,", "7 (good)", "7 points".
bool ends_clause(std::string_view text, std::size_t pos, bool allow_unit = true) {
  std::size_t i = skip_blanks(text, skip_emphasis(text, pos));
  if (i >= text.size() || text[i] == '\n' || text[i] == '\r') return true;
  constexpr std::string_view kClosers = ",;()[]|\"}";
  if (kClosers.find(text[i]) != std::string_view::npos) return true;
  if (text[i] == '.') {
    std::size_t j = skip_blanks(text, skip_emphasis(text, i + 1));
    return j >= text.size() || text[j] == '\n' || text[j] == '\r';
  }
  auto unit = match_any_word(text, i, {"point", "points"});
  return allow_unit && unit && ends_clause(text, *unit, false);
}

}  // namespace

std::size_t skip_possessive(std::string_view text, std::size_t pos) {
  for (std::string_view mark : {std::string_view("'s"), std::string_view("\xE2\x80\x99s")}) {
    std::size_t end = pos + mark.size();
    if (text.substr(pos, mark.size()) == mark && (end >= text.size() || !is_word_char(text[end]))) {
      return end;
    }
  }
  return pos;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool at_word_start(std::string_view text, std::size_t pos) {
  return pos < text.size() && is_word_char(text[pos]) && (pos == 0 || !is_word_char(text[pos - 1]));
}

std::optional<std::size_t> match_word(std::string_view text, std::size_t pos,
                                      std::string_view word) {
  if (pos + word.size() > text.size()) return std::nullopt;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (lower(text[pos + k]) != word[k]) return std::nullopt;
  }
  std::size_t end = pos + word.size();
  if (end < text.size() && is_word_char(text[end])) return std::nullopt;
  return end;
}

std::optional<std::size_t> match_any_word(std::string_view text, std::size_t pos,
                                          const std::vector<std::string_view>& words) {
  for (auto word : words) {
    if (auto end = match_word(text, pos, word)) return end;
  }
  return std::nullopt;
}

std::size_t skip_blanks(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  return pos;
}

std::size_t skip_gap(std::string_view text, std::size_t pos,
                     const std::vector<std::string_view>& fillers) {
  int words = 0;
  while (pos < text.size()) {
    if (is_gap_char(text[pos])) {
      ++pos;
      continue;
    }
    if (std::size_t dash = dash_length(text, pos); dash > 0) {
      pos += dash;
      continue;
    }
    auto end = match_any_word(text, pos, fillers);
    // A capital "A" standing alone names Assistant A; only the article "a" is a filler.
    if (!end || words == kMaxFillerWords || text.substr(pos, *end - pos) == "A") break;
    pos = skip_possessive(text, *end);
    ++words;
  }
  return pos;
}

std::optional<WrittenScore> read_score(std::string_view text, std::size_t pos) {
  std::size_t start = pos;
  if (pos < text.size() && text[pos] == '-') ++pos;
  std::size_t end = read_unsigned(text, pos);
  if (end == pos) return std::nullopt;
  if (end < text.size() && is_word_char(text[end])) return std::nullopt;
  WrittenScore score;
  score.begin = start;
  score.text = std::string(text.substr(start, end - start));
  auto value = to_double(score.text);
  if (!value) return std::nullopt;
  score.value = *value;
  if (auto scale = read_scale(text, end)) {
    auto [scale_text, scale_end] = *scale;
    if (scale_end < text.size() && is_word_char(text[scale_end])) return std::nullopt;
    score.scale = to_double(scale_text);
    score.scale_text = std::string(scale_text);
    score.end = scale_end;
    return score;
  }
  if (!ends_clause(text, end)) return std::nullopt;
  score.end = end;
  return score;
}

std::string_view line_at(std::string_view text, std::size_t pos) {
  std::size_t begin = std::min(pos, text.size());
  while (begin > 0 && text[begin - 1] != '\n') --begin;
  std::size_t end = text.find('\n', begin);
  if (end == std::string_view::npos) end = text.size();
  return text.substr(begin, end - begin);
}

std::string trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  std::size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(kSpace);
  return std::string(text.substr(begin, end - begin + 1));
}

std::string format_number(double value) {
  std::array<char, 32> buffer{};
  auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc()) return std::to_string(value);
  return std::string(buffer.data(), end);
}

}  // namespace pogen::pipeline::detail
