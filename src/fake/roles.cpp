// How the fake endpoint answers pogen's own workflow roles, so that `--fake` runs exercise the
// whole pipeline: reviewers critique with a score, generators revise, judges score or pick in
// the format their template asks for, a judge's follow-up gets the bare format, and debate
// speakers talk then score. Every prompt is recognised by the markers the templates module
// exports (templates/markers.hpp), never by wording copied here.
//
// Judges' scores come from the answers themselves (a hash of each answer's text, plus a little
// for length), never from their position, so both orders of a pair agree and the run is
// reproducible.

#include <algorithm>
#include <string>

#include "fake/responder.hpp"
#include "templates/markers.hpp"

namespace pogen::llm {
namespace {

using nlohmann::json;
namespace markers = pipeline::markers;

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

// The text between the span's open and the next close, or "".
std::string between(const std::string& text, markers::Span span) {
  auto start = text.find(span.open);
  if (start == std::string::npos) return {};
  start += span.open.size();
  auto end = text.find(span.close, start);
  if (end == std::string::npos) return {};
  return text.substr(start, end - start);
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

// Both answers of a two-answer prompt, whichever of pogen's templates wrote it.
std::pair<std::string, std::string> answers_of(const std::string& prompt) {
  auto a = between(prompt, markers::kPairAnswerA);
  auto b = between(prompt, markers::kPairAnswerB);
  if (a.empty() && b.empty()) {
    a = between(prompt, markers::kDebateAnswerA);
    b = between(prompt, markers::kDebateAnswerB);
  }
  return {a, b};
}

std::string pair_scores(const std::string& prompt) {
  auto [a, b] = answers_of(prompt);
  auto max = max_score_of(prompt);
  return "### Score Assistant A:\n" + scaled(answer_score(a), max) + "/" + max +
         "\n### Score Assistant B:\n" + scaled(answer_score(b), max) + "/" + max;
}

std::string pick(const std::string& prompt) {
  auto [a, b] = answers_of(prompt);
  int sa = answer_score(a), sb = answer_score(b);
  return sa > sb ? "[[A]]" : sb > sa ? "[[B]]" : "[[C]]";
}

std::string single_score(const std::string& prompt) {
  auto answer = between(prompt, markers::kSingleAnswer);
  auto max = max_score_of(prompt);
  return "### Score:\n" + scaled(answer_score(answer), max) + "/" + max;
}

const std::string kEvidence =
    "### Evaluation Evidence:\nThe answers were compared on helpfulness, relevance, accuracy, "
    "depth, creativity and level of detail (fake judge).\n\n";
const std::string kMalformed =
    "Both answers have their merits; overall I found them reasonable (fake judge, "
    "deliberately without scores).";

// debate-final.md asks for the same score lines; only the combined template shows the answers
// between its own delimiters.
bool is_combined(const json& b) {
  return contains(first_user(b), markers::kCombined) &&
         contains(first_user(b), markers::kPairAnswerA.open);
}
bool is_comparison(const json& b) { return contains(first_user(b), markers::kComparison); }
bool is_independent(const json& b) { return contains(first_user(b), markers::kIndependent); }
bool is_reask(const json& b) { return contains(last_user(b), markers::kReask); }
bool is_debate_final(const json& b) { return contains(first_user(b), markers::kDebateFinal); }
bool is_debate_turn(const json& b) { return contains(first_user(b), markers::kDebateTurn); }
bool is_review(const json& b) { return contains(first_user(b), markers::kReview); }
bool is_revision(const json& b) { return contains(last_user(b), markers::kRevise); }

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
  std::string (*verdict)(const std::string& prompt);
};
const FakeJudge kJudges[] = {
    {"judge-combined", is_combined, pair_scores},
    {"judge-comparison", is_comparison, pick},
    {"judge-independent", is_independent, single_score},
};

// The follow-up of a judge's first prompt; the debate's final speaker (no judge row) was asked
// for the combined score lines.
std::string reask_verdict(const json& body) {
  for (const auto& judge : kJudges) {
    if (judge.asks(body)) return judge.verdict(first_user(body));
  }
  return pair_scores(first_user(body));
}

FakeResponder judge_responder(const FakeJudge& judge) {
  return {judge.name, judge.asks,
          [verdict = judge.verdict](const json& b, std::uint64_t hash, const FakeSettings& s) {
            if (malformed(hash, s)) return kMalformed;
            return kEvidence + verdict(first_user(b));
          }};
}

}  // namespace

std::vector<FakeResponder> fake_role_responders() {
  std::vector<FakeResponder> responders = {
      {"judge-reask", is_reask,
       [](const json& b, std::uint64_t, const FakeSettings&) { return reask_verdict(b); }}};
  for (const auto& judge : kJudges) responders.push_back(judge_responder(judge));
  std::vector<FakeResponder> others = {
      {"debate-final", is_debate_final,
       [](const json& b, std::uint64_t, const FakeSettings&) {
         return "Having heard the panel, my judgement follows from the answers' substance.\n" +
                pair_scores(first_user(b));
       }},
      {"debate-turn", is_debate_turn,
       [](const json& b, std::uint64_t, const FakeSettings&) {
         auto [a, c] = answers_of(first_user(b));
         int sa = answer_score(a), sb = answer_score(c);
         std::string better = sa > sb ? "Assistant A" : sb > sa ? "Assistant B" : "neither";
         return std::string("From my point of view the stronger answer is ") + better +
                "; the other one leaves out details the user would need (fake debater).";
       }},
      {"reviewer", is_review,
       [](const json& b, std::uint64_t, const FakeSettings&) {
         auto answer = between(first_user(b), markers::kReviewedAnswer);
         auto max = max_score_of(first_user(b));
         int score = answer_score(answer);
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
