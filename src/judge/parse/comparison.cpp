// Direct comparison: which answer the judge prefers. Verdicts come in four strengths, strongest
// first: [[A]] / [[B]] / [[C]] (what the template asks for), a labelled verdict ("Winner:
// Assistant B", JSON {"winner": "A"}), a line holding only an option ("Output (a)", "Tie"), and
// tie phrases ("both are equally good"). The last verdict of the strongest kind present counts.

#include <algorithm>

#include "judge/parse/detail.hpp"
#include "judge/parse/parse.hpp"

namespace pogen::pipeline {

namespace detail {

namespace {

const std::vector<std::string_view> kWho = {"assistant", "response", "answer",
                                            "output",    "model",    "candidate"};
const std::vector<std::string_view> kTieWords = {"tie", "tied", "draw", "equal"};
const std::vector<std::string_view> kVerdictWords = {
    "winner", "verdict", "better", "preferred", "preference", "choice", "decision", "pick"};
const std::vector<std::string_view> kVerdictFillers = {
    "winner", "verdict", "better", "preferred", "preference", "choice", "decision", "pick", "is",
    "the",    "final",   "my",     "overall",   "i",          "choose", "would",    "be"};
const std::vector<std::string_view> kTiePhrases = {"equally good", "equally bad", "it's a tie",
                                                   "it is a tie", "it\xE2\x80\x99s a tie"};
const std::vector<std::string_view> kContrastWords = {"but",     "however", "although", "though",
                                                      "whereas", "while",   "except",   "yet"};

// "(a)" / "(B)" as in "Output (a)".
std::optional<OptionAt> read_parenthesised(std::string_view text, std::size_t pos) {
  if (pos + 2 >= text.size() || text[pos] != '(' || text[pos + 2] != ')') return std::nullopt;
  char letter = text[pos + 1];
  if (letter == 'a' || letter == 'A') return OptionAt{Pick::a, pos + 3};
  if (letter == 'b' || letter == 'B') return OptionAt{Pick::b, pos + 3};
  return std::nullopt;
}

std::optional<OptionAt> read_letter(std::string_view text, std::size_t pos, bool allow_c) {
  if (pos >= text.size()) return std::nullopt;
  if (pos + 1 < text.size() && is_word_char(text[pos + 1])) return std::nullopt;
  switch (text[pos]) {
    case 'A':
      return OptionAt{Pick::a, pos + 1};
    case 'B':
      return OptionAt{Pick::b, pos + 1};
    case 'C':
      if (allow_c) return OptionAt{Pick::tie, pos + 1};
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

bool same_line(std::string_view text, std::size_t a, std::size_t b) {
  auto [low, high] = std::minmax(a, b);
  return text.substr(low, high - low).find('\n') == std::string_view::npos;
}

// After a labelled option: "A or B", "A/B", "A and B" name two answers at once.
bool names_another(std::string_view text, std::size_t pos) {
  std::size_t i = skip_blanks(text, pos);
  while (i < text.size() && (text[i] == '*' || text[i] == '_')) ++i;
  i = skip_blanks(text, i);
  if (i < text.size() && (text[i] == '/' || text[i] == '&')) {
    i = skip_blanks(text, i + 1);
  } else if (auto end = match_any_word(text, i, {"or", "and", "vs", "versus"})) {
    i = skip_blanks(text, *end);
  } else {
    return false;
  }
  return read_option(text, i).has_value();
}

void find_brackets(std::string_view text, std::vector<VerdictMark>& marks) {
  for (std::size_t pos = text.find("[["); pos != std::string_view::npos;
       pos = text.find("[[", pos + 2)) {
    std::size_t close = text.find("]]", pos + 2);
    if (close == std::string_view::npos) return;
    std::string inside = trim(text.substr(pos + 2, close - pos - 2));
    std::optional<Pick> pick;
    if (inside == "A") pick = Pick::a;
    if (inside == "B") pick = Pick::b;
    if (inside == "C" || match_word(inside, 0, "tie") == inside.size()) pick = Pick::tie;
    if (pick) marks.push_back({pos, VerdictKind::bracket, pick});
  }
}

void find_labelled(std::string_view text, std::vector<VerdictMark>& marks) {
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (!at_word_start(text, pos)) continue;
    auto end = match_any_word(text, pos, kVerdictWords);
    if (!end) continue;
    std::size_t i = skip_gap(text, *end, kVerdictFillers);
    auto option = read_option(text, i);
    // "the better answer is A": the word after the label names the kind of thing, not the pick.
    if (auto who = match_any_word(text, i, kWho); !option && who) {
      option = read_option(text, skip_gap(text, *who, kVerdictFillers));
    }
    if (option) {
      std::optional<Pick> pick;
      if (!names_another(text, option->end)) pick = option->pick;
      marks.push_back({pos, VerdictKind::labelled, pick});
    }
    pos = *end - 1;
  }
}

// A line that is only an option: "B", "**Tie**", "Output (a)". Not a heading ("### A"), and not
// "Assistant B" or "Response B:", which introduce a discussion of that answer.
void find_option_lines(std::string_view text, std::vector<VerdictMark>& marks) {
  constexpr std::string_view kDecoration = " \t\r*_`>\"'.!-";
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = std::min(text.find('\n', begin), text.size());
    std::string_view line = text.substr(begin, end - begin);
    std::size_t first = line.find_first_not_of(kDecoration);
    if (first != std::string_view::npos && line[first] != '#') {
      std::size_t last = line.find_last_not_of(kDecoration);
      std::string_view core = line.substr(first, last - first + 1);
      auto option = read_option(core, 0);
      bool names_answer = match_any_word(core, 0, kWho) && core.back() != ')';
      if (option && option->end == core.size() && !names_answer) {
        marks.push_back({begin + first, VerdictKind::line, option->pick});
      }
    }
    begin = end + 1;
  }
}

// Tie phrases count on the last line only, where a verdict goes, and not beside a contrast:
// "equally good in style, but A is more accurate" is no tie.
void find_tie_phrases(std::string_view text, std::vector<VerdictMark>& marks) {
  std::string last_line = trim(line_at(text, text.empty() ? 0 : text.size() - 1));
  for (std::size_t i = 0; i < last_line.size(); ++i) {
    if (at_word_start(last_line, i) && match_any_word(last_line, i, kContrastWords)) return;
  }
  std::transform(last_line.begin(), last_line.end(), last_line.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::size_t offset = text.size() - last_line.size();
  for (auto phrase : kTiePhrases) {
    if (auto pos = last_line.find(phrase); pos != std::string::npos) {
      marks.push_back({offset + pos, VerdictKind::phrase, Pick::tie});
    }
  }
}

std::vector<VerdictMark> find_verdicts(std::string_view text) {
  std::vector<VerdictMark> marks;
  find_brackets(text, marks);
  find_labelled(text, marks);
  for (auto& mark : find_json_verdict_marks(text)) marks.push_back(mark);
  find_option_lines(text, marks);
  find_tie_phrases(text, marks);
  return marks;
}

std::string ambiguity(std::string_view text, std::size_t pos) {
  constexpr std::size_t kMaxExcerpt = 80;
  std::string line = trim(line_at(text, pos));
  if (line.size() > kMaxExcerpt) line = line.substr(0, kMaxExcerpt) + "...";
  return "ambiguous verdict in \"" + line + "\"";
}

ParseResult<Pick> decide(std::string_view text, std::vector<VerdictMark> marks) {
  auto strongest = std::max_element(marks.begin(), marks.end(), [](const auto& x, const auto& y) {
                     return x.kind < y.kind;
                   })->kind;
  std::erase_if(marks, [&](const VerdictMark& m) { return m.kind != strongest; });
  std::stable_sort(marks.begin(), marks.end(),
                   [](const auto& x, const auto& y) { return x.pos < y.pos; });
  const VerdictMark& last = marks.back();
  if (!last.pick) return ParseFailure{ambiguity(text, last.pos)};
  for (const auto& other : marks) {
    if (other.pick != last.pick && same_line(text, other.pos, last.pos)) {
      return ParseFailure{ambiguity(text, last.pos)};
    }
  }
  return *last.pick;
}

}  // namespace

std::optional<OptionAt> read_option(std::string_view text, std::size_t pos) {
  if (auto who = match_any_word(text, pos, kWho)) {
    std::size_t i = skip_blanks(text, *who);
    if (auto option = read_parenthesised(text, i)) return option;
    return read_letter(text, i, false);
  }
  if (auto option = read_letter(text, pos, true)) return option;
  if (auto option = read_parenthesised(text, pos)) return option;
  if (auto end = match_any_word(text, pos, kTieWords)) return OptionAt{Pick::tie, *end};
  return std::nullopt;
}

}  // namespace detail

ParseResult<Pick> parse_comparison(std::string_view text) {
  std::string body = strip_reasoning(text);
  auto marks = detail::find_verdicts(body);
  if (!marks.empty()) return detail::decide(body, std::move(marks));
  if (body != detail::trim(text) && !detail::find_verdicts(text).empty()) {
    return ParseFailure{"no verdict found outside <think> reasoning"};
  }
  return ParseFailure{"no verdict found (expected [[A]], [[B]] or [[C]])"};
}

}  // namespace pogen::pipeline
