#pragma once
// Shared pieces of the judge parsers (judge_parse_*.cpp): the low-level text scanning and the
// search for JSON objects. Not part of the public API.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "judge/parse/parse.hpp"

namespace pogen::pipeline::detail {

enum class Side { a, b };

// A number as the judge wrote it, with its scale when one was written ("7/10", "7 out of 10").
struct WrittenScore {
  double value = 0;
  std::string text;  // "7.5", kept for messages
  std::optional<double> scale;
  std::string scale_text;
  std::size_t end = 0;  // just past the number, or past its scale
  // Where the number (its sign included) starts in the text that was scanned; for a score read
  // from a JSON value, where it is in the reply when that could be found (an integer literal, or
  // a string starting with the score, under a key written plainly), else absent.
  std::optional<std::size_t> begin;
};

// A score tied to an answer (side) or, for independent scoring, to the only answer.
struct ScoreMark {
  std::size_t pos = 0;  // where the label starts; later marks revise earlier ones
  std::optional<Side> side;
  WrittenScore score;
};

// A verdict found in a comparison. Stronger kinds win over weaker ones whatever their position.
enum class VerdictKind { phrase, line, labelled, bracket };
struct VerdictMark {
  std::size_t pos = 0;
  VerdictKind kind = VerdictKind::phrase;
  std::optional<Pick> pick;  // nullopt: the judge named two answers at once ("A or B")
};

bool is_word_char(char c);
bool at_word_start(std::string_view text, std::size_t pos);
// End of `word` when it is at `pos` (ASCII case-insensitive) and ends at a word boundary.
std::optional<std::size_t> match_word(std::string_view text, std::size_t pos,
                                      std::string_view word);
std::optional<std::size_t> match_any_word(std::string_view text, std::size_t pos,
                                          const std::vector<std::string_view>& words);
// Past "'s" (or its typographic form) when it is at `pos`.
std::size_t skip_possessive(std::string_view text, std::size_t pos);
// Past spaces and tabs (not line breaks).
std::size_t skip_blanks(std::string_view text, std::size_t pos);
// Past what separates a label from its value: blanks, line breaks, markdown and punctuation
// (`: ** ### = | > ( [ "` and dashes that are not a minus sign), and up to a few filler words.
std::size_t skip_gap(std::string_view text, std::size_t pos,
                     const std::vector<std::string_view>& fillers);
// A score at `pos`: a number, optionally with its scale. Without a scale, the number must end
// its clause (line end, punctuation), so "3 reasons" or "2nd" are not scores.
std::optional<WrittenScore> read_score(std::string_view text, std::size_t pos);
// The bounds of the line holding `pos`.
std::string_view line_at(std::string_view text, std::size_t pos);
std::string trim(std::string_view text);
// Shortest text that reads back as the same double ("10", "7.5").
std::string format_number(double value);

// Labelled scores written as text (markdown, prose); side is set for combined scoring.
std::vector<ScoreMark> find_combined_text_marks(std::string_view text);
std::vector<ScoreMark> find_independent_text_marks(std::string_view text);
// Scores found in JSON objects anywhere in the text (code fences included).
std::vector<ScoreMark> find_json_score_marks(std::string_view text, JudgeStrategy strategy);
std::vector<VerdictMark> find_json_verdict_marks(std::string_view text);

// Every top-level JSON object in the text, with its offset.
struct JsonAt {
  std::size_t pos = 0;
  nlohmann::ordered_json value;
};
std::vector<JsonAt> find_json_objects(std::string_view text);

// "A", "Assistant B", "Output (a)", "C", "tie" ... at `pos`, with where it ends.
struct OptionAt {
  Pick pick = Pick::tie;
  std::size_t end = 0;
};
std::optional<OptionAt> read_option(std::string_view text, std::size_t pos);

}  // namespace pogen::pipeline::detail
