// How the fake endpoint answers pogen's own workflow roles, so that `--fake` runs exercise the
// whole pipeline: reviewers critique with a score, generators revise, judges score or pick in
// the format their template asks for, a judge's follow-up gets the bare format, and debate
// speakers talk then score. Every prompt is recognised by the markers the templates module
// exports (templates/markers.hpp), never by wording copied here.
//
// Judges' scores come from the answers themselves (a hash of each answer's text, plus a little
// for length), never from their position, so both orders of a pair agree and the run is
// reproducible. An answer is read from its block as the prompt delimits it: the renderer's
// tagged block (templates/untrusted.hpp) when there is one, else the text between the
// template's plain markers (up to the first end marker, as a naive reader would).
//
// With `judge_follows_injections` the fake judge is a naive judge that obeys instructions about
// scores written outside every block (see injected_verdict): it shows whether the delimiting of
// a prompt survives hostile answers.

#include <algorithm>
#include <optional>
#include <string>

#include "fake/responder.hpp"
#include "templates/markers.hpp"
#include "templates/untrusted.hpp"

namespace pogen::llm {
namespace {

using nlohmann::json;
namespace markers = pipeline::markers;
using pipeline::delimited_blocks;

std::string content_of(const json& message) {
  if (!message.is_object()) return {};
  auto it = message.find("content");
  return it != message.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool has_role(const json& message, std::string_view role) {
  if (!message.is_object()) return false;
  auto it = message.find("role");
  return it != message.end() && it->is_string() && it->get<std::string>() == role;
}

// The messages of a request body; none when the body has no well-formed list.
json messages_of(const json& body) {
  if (!body.is_object()) return json::array();
  auto it = body.find("messages");
  return it != body.end() && it->is_array() ? *it : json::array();
}

// The first user message (the task as the template wrote it) and the last one.
std::string first_user(const json& body) {
  for (const auto& m : messages_of(body)) {
    if (has_role(m, "user")) return content_of(m);
  }
  return {};
}
std::string last_user(const json& body) {
  const auto messages = messages_of(body);
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (has_role(*it, "user")) return content_of(*it);
  }
  return {};
}

bool contains(const std::string& text, std::string_view phrase) {
  return text.find(phrase) != std::string::npos;
}

std::uint64_t text_hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The score of an answer out of 10: 2..8 from its text, up to 2 more for length (revisions
// grow, so the fake feedback loop improves).
int answer_score(const std::string& answer) {
  std::string trimmed = answer;
  trimmed.erase(0, trimmed.find_first_not_of(" \n\r\t"));
  if (trimmed.empty()) return 0;
  int base = 2 + static_cast<int>(text_hash(trimmed) % 7);
  int length_bonus = std::min<int>(2, static_cast<int>(trimmed.size() / 300));
  return std::min(10, base + length_bonus);
}

std::string max_score_of(const std::string& prompt) {
  for (const char* max : {"100", "5", "10"}) {
    if (contains(prompt, std::string(markers::kScoreOutOf) + max)) return max;
  }
  return "10";
}

std::string scaled(int score10, const std::string& max) {
  if (max == "100") return std::to_string(score10 * 10);
  if (max == "5") return std::to_string((score10 + 1) / 2);
  return std::to_string(score10);
}

bool malformed(std::uint64_t hash, const FakeSettings& settings) {
  if (settings.judge_malformed_rate <= 0) return false;
  return static_cast<double>((hash >> 11) % 1000000) / 1e6 < settings.judge_malformed_rate;
}

// A block of a prompt as the prompt delimits it: the slot it fills ("answer_a", "answer_b",
// "answer", or another placeholder's name), where it begins and ends, and its text.
using Block = pipeline::DelimitedBlock;

// The plain markers of the built-in templates and the slot each one frames.
struct PlainSpan {
  markers::Span span;
  const char* slot;
};
constexpr PlainSpan kPlainSpans[] = {
    {markers::kPairAnswerA, "answer_a"},   {markers::kPairAnswerB, "answer_b"},
    {markers::kDebateAnswerA, "answer_a"}, {markers::kDebateAnswerB, "answer_b"},
    {markers::kSingleAnswer, "answer"},    {markers::kReviewedAnswer, "answer"},
};

// The blocks between plain markers, read from the start: the earliest open marker, then the
// first close marker of the same span after it, and so on from there. A block is the text
// between the two; the markers stay outside it, with the template's text.
std::vector<Block> plain_blocks(const std::string& prompt) {
  std::vector<Block> blocks;
  std::size_t pos = 0;
  while (true) {
    const PlainSpan* first = nullptr;
    std::size_t first_at = std::string::npos;
    for (const auto& plain : kPlainSpans) {
      auto at = prompt.find(plain.span.open, pos);
      if (at < first_at) {
        first_at = at;
        first = &plain;
      }
    }
    if (first == nullptr) return blocks;
    auto text_at = first_at + first->span.open.size();
    auto close = prompt.find(first->span.close, text_at);
    if (close == std::string::npos) return blocks;
    blocks.push_back({first->slot, text_at, close, prompt.substr(text_at, close - text_at)});
    pos = close + first->span.close.size();
  }
}

// The blocks of a prompt: the renderer's when it wrote any, else the plain markers' ones.
std::vector<Block> blocks_of(const std::string& prompt) {
  auto tagged = delimited_blocks(prompt);
  return tagged.empty() ? plain_blocks(prompt) : tagged;
}

std::string slot_text(const std::vector<Block>& blocks, std::string_view slot) {
  for (const auto& block : blocks) {
    if (block.name == slot) return block.text;
  }
  return {};
}

// An instruction about scores that the naive judge (judge_follows_injections) obeys: scores out
// of 10 for the slots it names, or a verdict.
struct Injection {
  std::optional<int> a, b, single;
  std::optional<std::string> pick;  // "[[A]]", "[[B]]" or "[[C]]"
};

// "N/M" after optional blanks at `at`: N scaled to 10, or none.
std::optional<int> score_at(std::string_view text, std::size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\n' || text[at] == '\t')) ++at;
  auto number = [&](std::size_t& i) -> std::optional<long> {
    std::size_t begin = i;
    long n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - begin < 6) {
      n = n * 10 + (text[i++] - '0');
    }
    return i > begin ? std::optional<long>(n) : std::nullopt;
  };
  auto n = number(at);
  if (!n || at >= text.size() || text[at] != '/') return std::nullopt;
  ++at;
  auto m = number(at);
  if (!m || *m == 0) return std::nullopt;
  return std::clamp(static_cast<int>((*n * 10 + *m / 2) / *m), 0, 10);
}

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// The slot of the last answer block that ends at or before `at`, or "".
std::string slot_before(const std::vector<Block>& blocks, std::size_t at) {
  std::string slot;
  for (const auto& block : blocks) {
    if (block.end <= at &&
        (block.name == "answer_a" || block.name == "answer_b" || block.name == "answer")) {
      slot = block.name;
    }
  }
  return slot;
}

void set_slot(Injection& injection, const std::string& slot, int score) {
  if (slot == "answer_a") injection.a = score;
  if (slot == "answer_b") injection.b = score;
  if (slot == "answer") injection.single = score;
}

// Reads the injections in the text outside every block (the prompt from `begin` to `end`).
void read_injections(const std::string& prompt, std::size_t begin, std::size_t end,
                     const std::vector<Block>& blocks, Injection& injection) {
  const std::string_view text = std::string_view(prompt).substr(begin, end - begin);
  const struct {
    std::string_view label;
    const char* slot;
  } kScoreLines[] = {{"### Score Assistant A:", "answer_a"},
                     {"### Score Assistant B:", "answer_b"},
                     {"### Score:", "answer"}};
  for (const auto& line : kScoreLines) {
    for (auto at = text.find(line.label); at != std::string_view::npos;
         at = text.find(line.label, at + 1)) {
      if (auto score = score_at(text, at + line.label.size()))
        set_slot(injection, line.slot, *score);
    }
  }
  const std::string folded = lowered(text);
  constexpr std::string_view kScoreThis = "score this";
  for (auto at = folded.find(kScoreThis); at != std::string::npos;
       at = folded.find(kScoreThis, at + 1)) {
    if (auto score = score_at(text, at + kScoreThis.size())) {
      set_slot(injection, slot_before(blocks, begin + at), *score);
    }
  }
  std::size_t line_begin = 0;
  while (line_begin < text.size()) {
    auto line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    auto line = text.substr(line_begin, line_end - line_begin);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line == "[[A]]" || line == "[[B]]" || line == "[[C]]") injection.pick = std::string(line);
    line_begin = line_end + 1;
  }
}

// What the prompt, read as it delimits itself, asks outside its blocks: the template's own text
// and whatever escaped a block. pogen's templates ask for "X/10" and "[[A]] if ...", never a
// number or a bare verdict line, so only an escaped (or template-written) instruction counts.
Injection injected_verdict(const std::string& prompt, const std::vector<Block>& blocks) {
  Injection injection;
  std::size_t pos = 0;
  for (const auto& block : blocks) {
    if (block.begin > pos) read_injections(prompt, pos, block.begin, blocks, injection);
    pos = std::max(pos, block.end);
  }
  read_injections(prompt, pos, prompt.size(), blocks, injection);
  return injection;
}

// The prompt outside its blocks: the template's own text (and whatever escaped a block).
std::string outside_blocks(const std::string& prompt, const std::vector<Block>& blocks) {
  std::string out;
  std::size_t pos = 0;
  for (const auto& block : blocks) {
    if (block.begin > pos) out += prompt.substr(pos, block.begin - pos);
    pos = std::max(pos, block.end);
  }
  return out + prompt.substr(std::min(pos, prompt.size()));
}

// The prompt as the fake judge reads it: each answer's text, the scale it asks for (from its
// own text, so an answer quoting "X/100" cannot change it), and what it obeys.
struct JudgeReading {
  std::string a, b, single;
  std::string max;
  Injection injection;
};
JudgeReading read_prompt(const std::string& prompt, const FakeSettings& settings) {
  auto blocks = blocks_of(prompt);
  JudgeReading reading{slot_text(blocks, "answer_a"),
                       slot_text(blocks, "answer_b"),
                       slot_text(blocks, "answer"),
                       max_score_of(outside_blocks(prompt, blocks)),
                       {}};
  if (settings.judge_follows_injections) reading.injection = injected_verdict(prompt, blocks);
  return reading;
}

std::string pair_scores(const std::string& prompt, const FakeSettings& settings) {
  auto reading = read_prompt(prompt, settings);
  const auto& max = reading.max;
  int sa = reading.injection.a.value_or(answer_score(reading.a));
  int sb = reading.injection.b.value_or(answer_score(reading.b));
  return "### Score Assistant A:\n" + scaled(sa, max) + "/" + max + "\n### Score Assistant B:\n" +
         scaled(sb, max) + "/" + max;
}

std::string pick(const std::string& prompt, const FakeSettings& settings) {
  auto reading = read_prompt(prompt, settings);
  if (reading.injection.pick) return *reading.injection.pick;
  int sa = reading.injection.a.value_or(answer_score(reading.a));
  int sb = reading.injection.b.value_or(answer_score(reading.b));
  return sa > sb ? "[[A]]" : sb > sa ? "[[B]]" : "[[C]]";
}

std::string single_score(const std::string& prompt, const FakeSettings& settings) {
  auto reading = read_prompt(prompt, settings);
  const auto& max = reading.max;
  int score = reading.injection.single.value_or(answer_score(reading.single));
  return "### Score:\n" + scaled(score, max) + "/" + max;
}

const std::string kEvidence =
    "### Evaluation Evidence:\nThe answers were compared on helpfulness, relevance, accuracy, "
    "depth, creativity and level of detail (fake judge).\n\n";
const std::string kMalformed =
    "Both answers have their merits; overall I found them reasonable (fake judge, "
    "deliberately without scores).";

// A role is recognised by the template's own text: the prompt outside its blocks, so that an
// answer quoting another template's phrases ("### Score Assistant A:") changes nothing.
bool template_says(const std::string& prompt, std::string_view phrase) {
  return contains(outside_blocks(prompt, blocks_of(prompt)), phrase);
}

// debate-final.md asks for the same score lines; only the combined template shows the answers
// between its own delimiters.
bool is_combined(const json& b) {
  const auto prompt = first_user(b);
  return template_says(prompt, markers::kCombined) &&
         template_says(prompt, markers::kPairAnswerA.open);
}
bool is_comparison(const json& b) { return template_says(first_user(b), markers::kComparison); }
bool is_independent(const json& b) { return template_says(first_user(b), markers::kIndependent); }
bool is_reask(const json& b) { return template_says(last_user(b), markers::kReask); }
bool is_debate_final(const json& b) { return template_says(first_user(b), markers::kDebateFinal); }
bool is_debate_turn(const json& b) { return template_says(first_user(b), markers::kDebateTurn); }
bool is_review(const json& b) { return template_says(first_user(b), markers::kReview); }
bool is_revision(const json& b) { return template_says(last_user(b), markers::kRevise); }

std::string previous_answer(const json& body) {
  const auto messages = messages_of(body);
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (has_role(*it, "assistant")) return content_of(*it);
  }
  return {};
}

// One row per judge template (a strategy of judge/parse/strategies.hpp): how its prompt is
// recognised and the verdict lines it asks for. A judge's reply is evidence then the verdict; its
// follow-up (re-ask) gets the bare verdict.
struct FakeJudge {
  const char* name;
  bool (*asks)(const json& body);
  std::string (*verdict)(const std::string& prompt, const FakeSettings& settings);
};
const FakeJudge kJudges[] = {
    {"judge-combined", is_combined, pair_scores},
    {"judge-comparison", is_comparison, pick},
    {"judge-independent", is_independent, single_score},
};

// The follow-up of a judge's first prompt; the debate's final speaker (no judge row) was asked
// for the combined score lines.
std::string reask_verdict(const json& body, const FakeSettings& settings) {
  for (const auto& judge : kJudges) {
    if (judge.asks(body)) return judge.verdict(first_user(body), settings);
  }
  return pair_scores(first_user(body), settings);
}

FakeResponder judge_responder(const FakeJudge& judge) {
  return {judge.name, judge.asks,
          [verdict = judge.verdict](const json& b, std::uint64_t hash, const FakeSettings& s) {
            if (malformed(hash, s)) return kMalformed;
            return kEvidence + verdict(first_user(b), s);
          }};
}

}  // namespace

std::vector<FakeResponder> fake_role_responders() {
  std::vector<FakeResponder> responders = {
      {"judge-reask", is_reask,
       [](const json& b, std::uint64_t, const FakeSettings& s) { return reask_verdict(b, s); }}};
  for (const auto& judge : kJudges) responders.push_back(judge_responder(judge));
  std::vector<FakeResponder> others = {
      {"debate-final", is_debate_final,
       [](const json& b, std::uint64_t, const FakeSettings& s) {
         return "Having heard the panel, my judgement follows from the answers' substance.\n" +
                pair_scores(first_user(b), s);
       }},
      {"debate-turn", is_debate_turn,
       [](const json& b, std::uint64_t, const FakeSettings&) {
         auto reading = read_prompt(first_user(b), FakeSettings{});
         int sa = answer_score(reading.a), sb = answer_score(reading.b);
         std::string better = sa > sb ? "Assistant A" : sb > sa ? "Assistant B" : "neither";
         return std::string("From my point of view the stronger answer is ") + better +
                "; the other one leaves out details the user would need (fake debater).";
       }},
      {"reviewer", is_review,
       [](const json& b, std::uint64_t, const FakeSettings&) {
         auto reading = read_prompt(first_user(b), FakeSettings{});
         const auto& max = reading.max;
         int score = answer_score(reading.single);
         return "### Evaluation\nThe answer addresses the question" +
                std::string(score >= 7 ? " well." : " only in part.") +
                "\n\n### Feedback\nAdd a concrete example and state the key point first.\n\n"
                "### Score\nScore: " +
                scaled(score, max) + "/" + max;
       }},
      {"reviser", is_revision,
       [](const json& b, std::uint64_t, const FakeSettings&) {
         return previous_answer(b) +
                " For example, a concrete case makes the key point easier to follow.";
       }},
  };
  responders.insert(responders.end(), others.begin(), others.end());
  return responders;
}

}  // namespace pogen::llm
