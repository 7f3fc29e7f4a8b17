#include "fake/responder.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string_view>

#include "llm/protocol.hpp"

namespace pogen::llm {

namespace {

using nlohmann::json;

constexpr std::size_t kQuoteBytes = 60;

// FNV-1a: stable across platforms and library versions, unlike std::hash.
class Fnv1a {
 public:
  void add(std::string_view bytes) {
    for (const char c : bytes) {
      value_ ^= static_cast<unsigned char>(c);
      value_ *= 0x100000001b3ULL;
    }
    value_ ^= 0xff;  // separator, so ("ab","c") and ("a","bc") differ
    value_ *= 0x100000001b3ULL;
  }
  std::uint64_t value() const { return value_; }

 private:
  std::uint64_t value_ = 0xcbf29ce484222325ULL;
};

// splitmix64: turns one hash into a stream of well-mixed numbers.
class Dice {
 public:
  explicit Dice(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) {
    return items[next() % N];
  }

 private:
  std::uint64_t state_;
};

std::string text_of(const json& value) { return value.is_string() ? value.get<std::string>() : ""; }

std::string last_user_message(const json& body) {
  if (!body.is_object()) return {};
  const auto messages = body.find("messages");
  if (messages == body.end() || !messages->is_array() || messages->empty()) return {};
  for (auto it = messages->rbegin(); it != messages->rend(); ++it) {
    if (it->is_object() && text_of(it->value("role", json())) == "user")
      return text_of(it->value("content", json()));
  }
  const json& last = messages->back();
  return last.is_object() ? text_of(last.value("content", json())) : std::string();
}

std::string quote(std::string_view text) {
  std::string collapsed;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed += space ? ' ' : c;
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  const std::string_view cut = utf8_prefix(collapsed, kQuoteBytes);
  return cut.size() < collapsed.size() ? std::string(cut) + "..." : collapsed;
}

constexpr std::array<std::string_view, 7> kTemplates{
    "The main idea is {a} combined with {b}.",
    "In practice, {a} matters more than {b}.",
    "A useful first step is to look at {a}.",
    "Most of the time {a} and {b} go together.",
    "It helps to compare {a} with {b} before deciding.",
    "One common mistake is to ignore {a}.",
    "The answer also depends on {a}.",
};

constexpr std::array<std::string_view, 16> kPhrases{
    "the context",       "careful planning",      "simple examples",       "the underlying data",
    "clear definitions", "a quick check",         "the edge cases",        "the trade-offs",
    "good measurements", "the original question", "small steps",           "a second opinion",
    "consistent naming", "the time budget",       "what the user expects", "a worked example",
};

std::string fill(std::string_view pattern, Dice& dice) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}') {
      out += dice.pick(kPhrases);
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

// Two to five sentences: one that quotes the question, then one to four chosen by the hash.
std::string default_reply(const json& body, std::uint64_t hash, const FakeSettings&) {
  Dice dice(hash);
  const std::string question = quote(last_user_message(body));
  std::string reply = question.empty() ? std::string("Here is a short answer.")
                                       : "Regarding \"" + question + "\", here is a short answer.";
  const std::uint64_t more = 1 + dice.next() % 4;
  for (std::uint64_t i = 0; i < more; ++i) reply += " " + fill(dice.pick(kTemplates), dice);
  return reply;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_mark(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x80 && !is_digit(c) && !std::isalpha(u) && !is_space(c);
}

// Words with the blanks before them, each digit, each other ASCII mark (line breaks included).
std::vector<std::string_view> fake_tokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i == text.size()) {
      tokens.push_back(text.substr(start));
      break;
    }
    if (is_digit(text[i]) || is_mark(text[i])) {
      if (i > start) tokens.push_back(text.substr(start, i - start));  // the blanks alone
      tokens.push_back(text.substr(i, 1));
      ++i;
      continue;
    }
    while (i < text.size() && !is_space(text[i]) && !is_digit(text[i]) && !is_mark(text[i])) ++i;
    tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

json bytes_of(std::string_view token) {
  json bytes = json::array();
  for (const char c : token) bytes.push_back(static_cast<int>(static_cast<unsigned char>(c)));
  return bytes;
}

json alternative(std::string_view token, double probability) {
  return {{"token", std::string(token)},
          {"logprob", std::log(probability)},
          {"bytes", bytes_of(token)}};
}

}  // namespace

json fake_logprobs(std::string_view text, int top_logprobs, std::uint64_t hash) {
  constexpr double kOtherTokenProbability = 0.95;
  Dice dice(hash);
  json content = json::array();
  for (const std::string_view token : fake_tokens(text)) {
    json top = json::array();
    double probability = kOtherTokenProbability;
    if (token.size() == 1 && is_digit(token[0])) {
      probability = 0.5 + static_cast<double>(dice.next() % 41) / 100.0;
      const char digit = token[0];
      top.push_back(alternative(token, probability));
      const bool up = digit < '9';
      const bool down = digit > '0';
      const double rest = 1 - probability;
      const double up_share = up && down ? rest * 2 / 3 : rest;
      if (up) top.push_back(alternative(std::string(1, static_cast<char>(digit + 1)), up_share));
      if (down) {
        top.push_back(alternative(std::string(1, static_cast<char>(digit - 1)), rest - up_share));
      }
    } else {
      top.push_back(alternative(token, probability));
    }
    if (top.size() > static_cast<std::size_t>(std::max(top_logprobs, 0))) {
      top.erase(top.begin() + std::max(top_logprobs, 0), top.end());
    }
    content.push_back({{"token", std::string(token)},
                       {"logprob", std::log(probability)},
                       {"bytes", bytes_of(token)},
                       {"top_logprobs", std::move(top)}});
  }
  return {{"content", std::move(content)}, {"refusal", nullptr}};
}

const std::vector<FakeResponder>& fake_responders() {
  static const std::vector<FakeResponder> responders = [] {
    auto all = fake_role_responders();
    all.push_back({"default", [](const json&) { return true; }, default_reply});
    return all;
  }();
  return responders;
}

std::uint64_t fake_request_hash(const json& request_body, int choice_index) {
  Fnv1a hash;
  if (!request_body.is_object()) {
    hash.add(request_body.dump());
    hash.add(std::to_string(choice_index));
    return hash.value();
  }
  hash.add(text_of(request_body.value("model", json())));
  if (const auto messages = request_body.find("messages");
      messages != request_body.end() && messages->is_array()) {
    for (const json& message : *messages) {
      if (!message.is_object()) continue;
      hash.add(text_of(message.value("role", json())));
      hash.add(text_of(message.value("content", json())));
    }
  }
  hash.add(request_body.contains("seed") ? request_body["seed"].dump() : "no seed");
  hash.add(std::to_string(choice_index));
  return hash.value();
}

std::string fake_reply(const json& request_body, int choice_index, const FakeSettings& settings) {
  const std::uint64_t hash = fake_request_hash(request_body, choice_index);
  for (const FakeResponder& responder : fake_responders()) {
    if (responder.accepts(request_body)) return responder.reply(request_body, hash, settings);
  }
  return default_reply(request_body, hash,
                       settings);  // unreachable: the default accepts everything
}

}  // namespace pogen::llm
