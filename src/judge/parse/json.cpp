// Scores and verdicts in JSON replies: a bare object, one inside a ```json fence, or one embedded
// in prose. Keys are matched by their words whatever the spelling: score_a, scoreA, "Assistant A",
// score_assistant_a, {"assistant_a": {"score": 7}}, {"scores": {"a": 7, "b": 5}}.

#include <algorithm>
#include <cctype>

#include "judge/parse/detail.hpp"

namespace pogen::pipeline::detail {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kMaxJsonCandidates = 256;
using Words = std::vector<std::string>;

const Words kSideKeyWords = {"score", "scores", "assistant", "response", "answer", "output",
                             "model", "rating", "grade",     "for",      "of",     "final"};
const Words kScoreKeyWords = {"score", "scores", "rating", "grade", "final", "overall", "total"};
const Words kVerdictWords = {"winner",     "verdict", "better",   "preferred",
                             "preference", "choice",  "decision", "pick"};
const Words kVerdictKeyExtras = {"final",  "overall",   "the",    "response",
                                 "answer", "assistant", "output", "model"};

bool contains(const Words& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// "score_assistant_A" and "scoreAssistantA" both give {score, assistant, a}.
Words key_words(std::string_view key) {
  Words words;
  std::string current;
  char previous = ' ';
  for (char c : key) {
    auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u)) {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      bool camel_break = std::isupper(u) && std::islower(static_cast<unsigned char>(previous));
      if (camel_break && !current.empty()) {
        words.push_back(std::move(current));
        current.clear();
      }
      current += static_cast<char>(std::tolower(u));
    }
    previous = c;
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::optional<Side> key_side(const Words& words) {
  std::optional<Side> side;
  for (const auto& word : words) {
    if (word == "a" || word == "b") {
      if (side) return std::nullopt;
      side = word == "a" ? Side::a : Side::b;
    } else if (!contains(kSideKeyWords, word)) {
      return std::nullopt;
    }
  }
  return side;
}

bool is_score_key(const Words& words) {
  return !words.empty() && std::all_of(words.begin(), words.end(), [](const std::string& w) {
    return contains(kScoreKeyWords, w);
  });
}

bool is_verdict_key(const Words& words) {
  bool named = false;
  for (const auto& word : words) {
    if (contains(kVerdictWords, word)) {
      named = true;
    } else if (!contains(kVerdictKeyExtras, word)) {
      return false;
    }
  }
  return named;
}

std::optional<WrittenScore> json_score(const Json& value) {
  if (value.is_number()) {
    double number = value.get<double>();
    return WrittenScore{number, format_number(number), std::nullopt, {}, 0, std::nullopt};
  }
  if (value.is_string()) {
    std::string text = trim(value.get<std::string>());
    auto score = read_score(text, 0);
    if (score) score->begin.reset();  // an offset into the string's value, not into the reply
    return score;
  }
  if (value.is_object()) {
    for (const auto& [key, inner] : value.items()) {
      if (is_score_key(key_words(key))) return json_score(inner);
    }
  }
  return std::nullopt;
}

// "[[A]]", "Assistant B", "tie." as a whole JSON string.
std::optional<Pick> json_pick(const Json& value) {
  if (!value.is_string()) return std::nullopt;
  std::string text = value.get<std::string>();
  constexpr std::string_view kDecoration = " \t\r\n[]*.\"'";
  std::size_t begin = text.find_first_not_of(kDecoration);
  std::size_t end = text.find_last_not_of(kDecoration);
  if (begin == std::string::npos) return std::nullopt;
  std::string_view core = std::string_view(text).substr(begin, end - begin + 1);
  auto option = read_option(core, 0);
  if (!option || option->end != core.size()) return std::nullopt;
  return option->pick;
}

void collect_verdicts(const Json& object, std::size_t pos, std::vector<VerdictMark>& marks) {
  for (const auto& [key, value] : object.items()) {
    if (is_verdict_key(key_words(key))) {
      if (auto pick = json_pick(value)) marks.push_back({pos, VerdictKind::labelled, *pick});
    } else if (value.is_object()) {
      collect_verdicts(value, pos, marks);
    }
  }
}

// The end of the balanced object that opens at `pos`, ignoring braces inside strings.
std::optional<std::size_t> object_end(std::string_view text, std::size_t pos) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = pos; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return i + 1;
    }
  }
  return std::nullopt;
}

// Where the value of `key` starts in text[from, end): past `"key"`, blanks, `:` and blanks; the
// keys of an object appear in its text in the order ordered_json keeps. nullopt when the key is
// written some other way (escapes), which leaves the score without a place.
std::optional<std::size_t> value_start(std::string_view text, std::size_t from, std::size_t end,
                                       const std::string& key) {
  const std::string quoted = Json(key).dump();
  for (std::size_t at = text.find(quoted, from); at != std::string_view::npos && at < end;
       at = text.find(quoted, at + 1)) {
    std::size_t i = at + quoted.size();
    while (i < end && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= end || text[i] != ':') continue;
    ++i;
    while (i < end && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    return i;
  }
  return std::nullopt;
}

// The place of a score read from a JSON value that starts at `start`: an integer literal, or a
// string whose trimmed text begins with the score ("7/10").
std::optional<std::size_t> json_score_place(std::string_view text, std::size_t start,
                                            const Json& value, const WrittenScore& score) {
  if (value.is_number_integer() || value.is_number_unsigned()) {
    return text.substr(start, score.text.size()) == score.text ? std::optional(start)
                                                               : std::nullopt;
  }
  if (value.is_string() && start < text.size() && text[start] == '"') {
    std::size_t i = start + 1;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (text.substr(i, score.text.size()) == score.text) return i;
  }
  return std::nullopt;
}

// `text` is the whole reply and [from, end) the object's text there, to give each score its place.
void collect_scores(const Json& object, std::size_t pos, JudgeStrategy strategy,
                    std::vector<ScoreMark>& marks, std::string_view text, std::size_t from,
                    std::size_t end) {
  std::size_t cursor = from;
  for (const auto& [key, value] : object.items()) {
    auto start = value_start(text, cursor, end, key);
    if (start) cursor = *start;
    Words words = key_words(key);
    std::optional<Side> side = key_side(words);
    bool wanted = strategy == JudgeStrategy::combined ? side.has_value() : is_score_key(words);
    if (wanted) {
      if (auto score = json_score(value)) {
        if (start && score->text.find_first_not_of("0123456789") == std::string::npos) {
          score->begin = json_score_place(text, *start, value, *score);
        }
        marks.push_back({pos, side, std::move(*score)});
      }
    } else if (value.is_object()) {
      const std::size_t inner_end = start ? object_end(text, *start).value_or(end) : end;
      collect_scores(value, pos, strategy, marks, text, start.value_or(end), inner_end);
    }
  }
}

}  // namespace

std::vector<JsonAt> find_json_objects(std::string_view text) {
  std::vector<JsonAt> objects;
  std::size_t pos = text.find('{');
  // Each candidate costs a scan to its closing brace; a reply full of code or of a degenerate
  // repetition must not make parsing quadratic.
  for (int candidates = 0; pos != std::string_view::npos && candidates < kMaxJsonCandidates;
       ++candidates) {
    std::size_t next = pos + 1;
    if (auto end = object_end(text, pos)) {
      Json value = Json::parse(text.substr(pos, *end - pos), nullptr, false);
      if (!value.is_discarded() && value.is_object()) {
        objects.push_back({pos, std::move(value)});
        next = *end;
      }
    }
    pos = text.find('{', next);
  }
  return objects;
}

std::vector<ScoreMark> find_json_score_marks(std::string_view text, JudgeStrategy strategy) {
  std::vector<ScoreMark> marks;
  for (const auto& object : find_json_objects(text)) {
    const std::size_t end = object_end(text, object.pos).value_or(text.size());
    collect_scores(object.value, object.pos, strategy, marks, text, object.pos, end);
  }
  return marks;
}

std::vector<VerdictMark> find_json_verdict_marks(std::string_view text) {
  std::vector<VerdictMark> marks;
  for (const auto& object : find_json_objects(text))
    collect_verdicts(object.value, object.pos, marks);
  return marks;
}

}  // namespace pogen::pipeline::detail
