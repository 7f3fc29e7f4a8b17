// Combined and independent scoring: the last labelled score of each answer, checked against the
// scale the judge was asked to use.

#include <algorithm>

#include "judge/parse/detail.hpp"
#include "judge/parse/parse.hpp"

namespace pogen::pipeline {

namespace {

using detail::ScoreMark;
using detail::Side;

constexpr const char* kOutsideReasoning = " outside <think> reasoning";

std::vector<ScoreMark> combined_marks(std::string_view text) {
  auto marks = detail::find_combined_text_marks(text);
  for (auto& mark : detail::find_json_score_marks(text, JudgeStrategy::combined)) {
    marks.push_back(std::move(mark));
  }
  std::stable_sort(marks.begin(), marks.end(),
                   [](const auto& x, const auto& y) { return x.pos < y.pos; });
  return marks;
}

std::vector<ScoreMark> independent_marks(std::string_view text) {
  auto marks = detail::find_independent_text_marks(text);
  for (auto& mark : detail::find_json_score_marks(text, JudgeStrategy::independent)) {
    marks.push_back(std::move(mark));
  }
  std::stable_sort(marks.begin(), marks.end(),
                   [](const auto& x, const auto& y) { return x.pos < y.pos; });
  return marks;
}

const ScoreMark* last_of(const std::vector<ScoreMark>& marks, std::optional<Side> side) {
  auto found = std::find_if(marks.rbegin(), marks.rend(),
                            [&](const ScoreMark& m) { return m.side == side; });
  return found == marks.rend() ? nullptr : &*found;
}

// Why a score cannot be used, or nullopt when it can. `subject` is "score for Assistant A".
std::optional<std::string> check(const detail::WrittenScore& score, const std::string& subject,
                                 double max_score) {
  std::string max = detail::format_number(max_score);
  if (score.scale && *score.scale != max_score) {
    return subject + " is " + score.text + "/" + score.scale_text + ", not out of " + max;
  }
  if (score.value < 0) return subject + " is " + score.text + ", below the minimum 0";
  if (score.value > max_score) return subject + " is " + score.text + ", above the maximum " + max;
  return std::nullopt;
}

std::string missing_reason(bool a_missing, bool b_missing) {
  if (a_missing && b_missing) return "no score for Assistant A or Assistant B found";
  return a_missing ? "no score for Assistant A found" : "no score for Assistant B found";
}

// Some marks exist only in the reasoning: say so, since the judge did score, just not outside.
bool only_in_reasoning(std::string_view raw, std::string_view body,
                       const std::vector<ScoreMark>& raw_marks, std::optional<Side> side) {
  return detail::trim(raw) != body && last_of(raw_marks, side) != nullptr;
}

// A reply that is nothing but a score ("7/10", "**7**"): what a re-asked judge often writes.
std::optional<detail::WrittenScore> bare_score(std::string_view text) {
  constexpr std::string_view kDecoration = " \t\r\n*#_`\"";
  std::size_t first = text.find_first_not_of(kDecoration);
  if (first == std::string_view::npos) return std::nullopt;
  std::size_t last = text.find_last_not_of(kDecoration);
  std::string_view core = text.substr(first, last - first + 1);
  if (!core.empty() && core.back() == '.') core.remove_suffix(1);
  auto score = detail::read_score(core, 0);
  if (!score || core.find_first_not_of(" *_", score->end) != std::string_view::npos) {
    return std::nullopt;
  }
  return score;
}

}  // namespace

ParseResult<ParsedScores> parse_combined(std::string_view text, double max_score) {
  std::string body = strip_reasoning(text);
  auto marks = combined_marks(body);
  const ScoreMark* a = last_of(marks, Side::a);
  const ScoreMark* b = last_of(marks, Side::b);
  if (!a || !b) {
    std::string reason = missing_reason(!a, !b);
    auto raw_marks = combined_marks(text);
    bool hidden = (!a && only_in_reasoning(text, body, raw_marks, Side::a)) ||
                  (!b && only_in_reasoning(text, body, raw_marks, Side::b));
    return ParseFailure{hidden ? reason + kOutsideReasoning : reason};
  }
  if (auto why = check(a->score, "score for Assistant A", max_score)) return ParseFailure{*why};
  if (auto why = check(b->score, "score for Assistant B", max_score)) return ParseFailure{*why};
  return ParsedScores{a->score.value, b->score.value};
}

ParseResult<double> parse_independent(std::string_view text, double max_score) {
  std::string body = strip_reasoning(text);
  auto marks = independent_marks(body);
  std::optional<detail::WrittenScore> score;
  if (const ScoreMark* last = last_of(marks, std::nullopt)) score = last->score;
  if (!score) score = bare_score(body);
  if (!score) {
    bool hidden = only_in_reasoning(text, body, independent_marks(text), std::nullopt);
    return ParseFailure{hidden ? std::string("no score found") + kOutsideReasoning
                               : std::string("no score found")};
  }
  if (auto why = check(*score, "score", max_score)) return ParseFailure{*why};
  return score->value;
}

ParseResult<TextSpan> locate_score(std::string_view text, ScoreOf which) {
  std::string body = strip_reasoning(text);
  std::optional<detail::WrittenScore> score;
  std::size_t base = 0;  // where the scanned text starts in body
  if (which == ScoreOf::only) {
    auto marks = independent_marks(body);
    if (const ScoreMark* last = last_of(marks, std::nullopt)) score = last->score;
    if (!score) {
      score = bare_score(body);
      base = body.find_first_not_of(" \t\r\n*#_`\"");
    }
  } else {
    auto marks = combined_marks(body);
    if (const ScoreMark* last = last_of(marks, which == ScoreOf::a ? Side::a : Side::b)) {
      score = last->score;
    }
  }
  if (!score) return ParseFailure{"no score found"};
  if (!score->begin) {
    return ParseFailure{
        "the score was read from a JSON value that could not be placed in the reply (nested "
        "in another object, not a whole number, or under a key written with escapes)"};
  }
  auto begin = unstripped_offset(text, base + *score->begin);
  if (!begin || text.substr(*begin, score->text.size()) != score->text) {
    return ParseFailure{"the score's place in the reply was not found"};
  }
  return TextSpan{*begin, *begin + score->text.size()};
}

}  // namespace pogen::pipeline
