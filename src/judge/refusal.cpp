#include "judge/refusal.hpp"

#include <cctype>

#include "judge/parse/parse.hpp"

namespace pogen::pipeline {
namespace {

std::string normalise(std::string_view text) {
  constexpr std::string_view kCurlyApostrophe = "\xE2\x80\x99";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, kCurlyApostrophe.size()) == kCurlyApostrophe) {
      out += '\'';
      i += kCurlyApostrophe.size() - 1;
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string>& refusal_phrases() {
  static const std::vector<std::string> kPhrases = {
      "i can't help with",      "i cannot help with",      "i can't assist with",
      "i cannot assist with",   "i can't evaluate",        "i cannot evaluate",
      "i'm unable to evaluate", "i am unable to evaluate", "i won't evaluate",
      "i will not evaluate",    "i'm sorry, but i can't",  "i'm sorry, but i cannot",
  };
  return kPhrases;
}

std::optional<std::string> find_refusal(std::string_view reply) {
  const std::string text = normalise(strip_reasoning(reply));
  for (const auto& phrase : refusal_phrases()) {
    for (auto at = text.find(phrase); at != std::string::npos && at < kRefusalWindow;
         at = text.find(phrase, at + 1)) {
      // "taxi can't help with" is not "I can't help with".
      if (at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]))) return phrase;
    }
  }
  return std::nullopt;
}

}  // namespace pogen::pipeline
