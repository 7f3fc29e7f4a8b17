#pragma once
// Turning a judge's free text into scores or a pick. Judges write markdown, prose, JSON and
// reasoning blocks; these functions take only what is explicitly tied to an answer and report
// why when there is nothing usable, so that no score is ever invented (no -1, no 0, no default).
// The accepted formats are listed in docs/judge-parsing.md.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include "core/enum_names.hpp"
#include "core/result.hpp"

namespace pogen::pipeline {

// How a judge is asked to decide: both answers scored in one prompt, each answer scored on its
// own, or a direct pick.
enum class JudgeStrategy { combined, independent, comparison };
inline constexpr EnumNames<JudgeStrategy, 3> kJudgeStrategyNames{
    {{{JudgeStrategy::combined, "combined"},
      {JudgeStrategy::independent, "independent"},
      {JudgeStrategy::comparison, "comparison"}}}};
constexpr const auto& enum_names(JudgeStrategy) { return kJudgeStrategyNames; }

enum class Pick { a, b, tie };
inline constexpr EnumNames<Pick, 3> kPickNames{
    {{{Pick::a, "A"}, {Pick::b, "B"}, {Pick::tie, "tie"}}}};
constexpr const auto& enum_names(Pick) { return kPickNames; }

struct ParsedScores {
  double a = 0;
  double b = 0;
  bool operator==(const ParsedScores&) const = default;
};

struct ParseFailure {
  std::string reason;  // one line, e.g. "no score for Assistant B found"
};

// A parsed value, or why the reply gives none.
template <typename T>
using ParseResult = Result<T, ParseFailure>;

// Scores of Assistant A and Assistant B, each in 0..max_score. The last labelled score of each
// answer counts (judges revise themselves); a score out of another scale, or out of range, is a
// failure.
ParseResult<ParsedScores> parse_combined(std::string_view text, double max_score);

// The score of a single answer, in 0..max_score.
ParseResult<double> parse_independent(std::string_view text, double max_score);

// Which answer the judge prefers. Text that names no verdict, or two verdicts on the final
// verdict's line, is a failure.
ParseResult<Pick> parse_comparison(std::string_view text);

// The text without reasoning blocks: every <think>...</think> (or <thinking>...</thinking>),
// everything up to a closing tag that has no opening tag (reasoning models whose opening tag is
// in the prompt), and everything after an opening tag that is never closed. Surrounding
// whitespace is trimmed.
std::string strip_reasoning(std::string_view text);

// The offset in `text` of the byte at `offset` in strip_reasoning(text); nullopt past its end.
std::optional<std::size_t> unstripped_offset(std::string_view text, std::size_t offset);

// Where a score is written in a reply: the bytes of the number, its sign included.
struct TextSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool operator==(const TextSpan&) const = default;
};

// Which score of a reply: Assistant A's or B's (combined), or the one answer's (independent).
enum class ScoreOf { a, b, only };

// Where the score that parse_combined (a, b) or parse_independent (only) reads is written in
// `text`, the reply as received (reasoning blocks included). A failure says why there is no place:
// no such score, or a score read from a JSON value that could not be placed (nested in another
// object, not a whole number, or under a key written with escapes).
ParseResult<TextSpan> locate_score(std::string_view text, ScoreOf which);

// The lines a judge must end its reply with, as the prompt templates ask for them, e.g.
// "### Score Assistant A:\nX/10\n### Score Assistant B:\nY/10" for combined scoring. Fills the
// {{required_format}} placeholder of prompts/judge-reask.md.
std::string required_format(JudgeStrategy strategy, double max_score);

// JSON schema of a structured judge reply (an explanation, then score_a and score_b, or score,
// or winner "A" | "B" | "tie"), which the parse functions above also read.
nlohmann::json judge_response_schema(JudgeStrategy strategy, double max_score);
// The OpenAI response_format value wrapping that schema:
// {"type": "json_schema", "json_schema": {"name": ..., "strict": true, "schema": ...}}.
nlohmann::json judge_response_format(JudgeStrategy strategy, double max_score);

}  // namespace pogen::pipeline
