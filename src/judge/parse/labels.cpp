// Labelled scores in a judge's text: "### Score Assistant A:\n7/10", "**Score for Assistant B:**
// 5/10", "Assistant A: 7", "Response B receives a score of 6/10", "Rating: 7 out of 10".
// A label names the answer; a number only counts when nothing but markup and a few filler words
// stand between it and its label.

#include "judge/parse/detail.hpp"

namespace pogen::pipeline::detail {

namespace {

const std::vector<std::string_view> kWho = {"assistant", "response", "answer",
                                            "output",    "model",    "candidate"};
const std::vector<std::string_view> kScoreWords = {"score", "rating", "grade"};
// No "would" or "could": "Assistant B would be 9/10 with examples" is not a score.
const std::vector<std::string_view> kCombinedFillers = {
    "is",    "of",   "a",    "an",       "the",      "score", "scores",   "scored", "rating",
    "rated", "gets", "got",  "receives", "received", "earns", "deserves", "final",  "overall",
    "total", "i",    "give", "given",    "gives",    "it",    "its"};
// Not "scores": judges write it as a plural noun ("scores of 0 in the table") more than as a verb.
const std::vector<std::string_view> kIndependentLabels = {"score", "scored", "rating",
                                                          "rated", "rate",   "grade"};
const std::vector<std::string_view> kIndependentFillers = {
    "is",    "of",    "a",      "an",     "the",      "this",     "that",
    "for",   "to",    "it",     "i",      "give",     "final",    "overall",
    "total", "score", "rating", "answer", "response", "assistant"};

// Spaces inside a label ("Score  for Assistant_A"); never a line break.
std::size_t skip_label_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '_')) ++pos;
  return pos;
}

// The answer letter: an upper-case A or B standing alone ("a" is an article, not a label), or,
// after a word such as "Assistant", the number 1 or 2 (the paper's debate prompts number them).
std::optional<std::pair<Side, std::size_t>> read_side(std::string_view text, std::size_t pos,
                                                      bool numbered) {
  if (pos >= text.size()) return std::nullopt;
  if (pos + 1 < text.size() && is_word_char(text[pos + 1])) return std::nullopt;
  char c = text[pos];
  if (c == 'A' || (numbered && c == '1')) return std::pair{Side::a, pos + 1};
  if (c == 'B' || (numbered && c == '2')) return std::pair{Side::b, pos + 1};
  return std::nullopt;
}

// "Score [for|of] [Assistant] A" or "Assistant A['s]".
std::optional<std::pair<Side, std::size_t>> read_named_label(std::string_view text,
                                                             std::size_t pos) {
  std::size_t i = pos;
  bool score_first = false;
  if (auto end = match_any_word(text, i, kScoreWords)) {
    score_first = true;
    i = skip_label_space(text, *end);
    if (auto prep = match_any_word(text, i, {"for", "of"})) i = skip_label_space(text, *prep);
  }
  bool named = false;
  if (auto end = match_any_word(text, i, kWho)) {
    i = skip_label_space(text, *end);
    named = true;
  } else if (!score_first) {
    return std::nullopt;
  }
  auto side = read_side(text, i, named);
  if (!side) return std::nullopt;
  side->second = skip_possessive(text, side->second);
  return side;
}

bool at_line_start(std::string_view text, std::size_t pos) {
  constexpr std::string_view kLead = " \t*#_`>-";
  while (pos > 0 && kLead.find(text[pos - 1]) != std::string_view::npos) --pos;
  return pos == 0 || text[pos - 1] == '\n';
}

// "A: 7/10" at the start of a line.
std::optional<std::pair<Side, std::size_t>> read_letter_label(std::string_view text,
                                                              std::size_t pos) {
  if (!at_line_start(text, pos)) return std::nullopt;
  auto side = read_side(text, pos, false);
  if (!side) return std::nullopt;
  std::size_t i = skip_blanks(text, side->second);
  while (i < text.size() && (text[i] == '*' || text[i] == '_')) ++i;
  if (i >= text.size() || text[i] != ':') return std::nullopt;
  return side;
}

}  // namespace

std::vector<ScoreMark> find_combined_text_marks(std::string_view text) {
  std::vector<ScoreMark> marks;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (!at_word_start(text, pos)) continue;
    auto label = read_named_label(text, pos);
    if (!label) label = read_letter_label(text, pos);
    if (!label) continue;
    auto [side, end] = *label;
    if (auto score = read_score(text, skip_gap(text, end, kCombinedFillers))) {
      marks.push_back({pos, side, std::move(*score)});
    }
    pos = end - 1;
  }
  return marks;
}

std::vector<ScoreMark> find_independent_text_marks(std::string_view text) {
  std::vector<ScoreMark> marks;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (!at_word_start(text, pos)) continue;
    auto end = match_any_word(text, pos, kIndependentLabels);
    if (!end) continue;
    if (auto score = read_score(text, skip_gap(text, *end, kIndependentFillers))) {
      marks.push_back({pos, std::nullopt, std::move(*score)});
    }
    pos = *end - 1;
  }
  return marks;
}

}  // namespace pogen::pipeline::detail
