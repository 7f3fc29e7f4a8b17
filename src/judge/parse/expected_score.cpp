// The expected score of a judge's written score, from the log-probabilities of its tokens.

#include "judge/parse/expected_score.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "judge/parse/detail.hpp"

namespace pogen::pipeline {
namespace {

constexpr std::string_view kTokenIdPrefix = "token_id:";
constexpr std::size_t kMaxScoreDigits = 3;  // 100, the largest scale

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view piece_of(const llm::TokenLogprob& token) {
  return token.bytes ? std::string_view(*token.bytes) : std::string_view(token.token);
}
std::string_view piece_of(const llm::TokenAlternative& token) {
  return token.bytes ? std::string_view(*token.bytes) : std::string_view(token.token);
}

// vLLM's --return-tokens-as-token-ids: "token_id:1234" instead of the token's text.
bool is_token_id(std::string_view token) {
  if (token.substr(0, kTokenIdPrefix.size()) != kTokenIdPrefix) return false;
  std::string_view id = token.substr(kTokenIdPrefix.size());
  return !id.empty() && id.find_first_not_of("0123456789") == std::string_view::npos;
}

// Where each token starts in content, when the tokens spell it.
ParseResult<std::vector<std::size_t>> token_offsets(const std::vector<llm::TokenLogprob>& tokens,
                                                    std::string_view content) {
  std::vector<std::size_t> offsets;
  offsets.reserve(tokens.size());
  std::string rebuilt;
  for (const auto& token : tokens) {
    offsets.push_back(rebuilt.size());
    rebuilt += piece_of(token);
  }
  if (rebuilt == content) return offsets;
  for (const auto& token : tokens) {
    if (is_token_id(token.token)) {
      return ParseFailure{
          "the server sent token ids instead of token texts (vLLM's "
          "--return-tokens-as-token-ids)"};
    }
  }
  std::size_t differ = 0;
  while (differ < rebuilt.size() && differ < content.size() && rebuilt[differ] == content[differ]) {
    ++differ;
  }
  return ParseFailure{"the log-probabilities' tokens do not spell the reply (they give " +
                      std::to_string(rebuilt.size()) + " bytes, the reply has " +
                      std::to_string(content.size()) + "; they differ from byte " +
                      std::to_string(differ) + ")"};
}

std::size_t token_at(const std::vector<std::size_t>& offsets, std::size_t byte) {
  std::size_t index = 0;
  while (index + 1 < offsets.size() && offsets[index + 1] <= byte) ++index;
  return index;
}

std::optional<double> number_of(std::string_view digits) {
  if (digits.empty() || digits.size() > kMaxScoreDigits) return std::nullopt;
  double value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// A whole score on the scale as written: "0", or digits without a leading zero, <= max_score.
std::optional<double> scale_value(std::string_view digits, double max_score) {
  if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
  auto value = number_of(digits);
  if (!value || *value > max_score) return std::nullopt;
  return value;
}

// Whether a longer score on the scale starts with these digits ("1" on 0..10: "10").
bool can_go_on(std::string_view digits, double max_score) {
  if (digits.empty() || digits.front() == '0') return false;
  auto value = number_of(digits);
  return value && digits.size() < kMaxScoreDigits && *value * 10 <= max_score;
}

std::string_view leading_digits(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && is_digit(text[end])) ++end;
  return text.substr(0, end);
}

bool starts_decimal(std::string_view rest) {
  return rest.size() > 1 && (rest[0] == '.' || rest[0] == ',') && is_digit(rest[1]);
}

std::string_view skip_space(std::string_view text) {
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  return begin == std::string_view::npos ? std::string_view() : text.substr(begin);
}

// The alternatives at one position with the sampled token among them, and which one it is.
struct Position {
  std::vector<const llm::TokenAlternative*> alternatives;
  std::size_t sampled = 0;
  llm::TokenAlternative sampled_alone;  // the sampled token when the server did not list it
};

void list_alternatives(const llm::TokenLogprob& token, Position& out) {
  out.alternatives.clear();
  std::optional<std::size_t> sampled;
  for (const auto& alternative : token.top) {
    if (!sampled && piece_of(alternative) == piece_of(token)) sampled = out.alternatives.size();
    out.alternatives.push_back(&alternative);
  }
  if (!sampled) {
    out.sampled_alone = {token.token, token.bytes, token.logprob};
    sampled = out.alternatives.size();
    out.alternatives.push_back(&out.sampled_alone);
  }
  out.sampled = *sampled;
}

}  // namespace

double expected_tie_tolerance(double max_score) { return kExpectedTieShare * max_score; }

ParseResult<ExpectedScore> expected_score(const std::vector<llm::TokenLogprob>& tokens,
                                          std::string_view content, TextSpan span,
                                          double max_score) {
  if (tokens.empty()) return ParseFailure{"the server returned no tokens with log-probabilities"};
  auto offsets_or = token_offsets(tokens, content);
  if (!offsets_or) return offsets_or.failure();
  const std::vector<std::size_t>& offsets = offsets_or.value();
  if (span.end <= span.begin || span.end > content.size()) {
    return ParseFailure{"the score's place is outside the reply"};
  }
  const std::string_view written = content.substr(span.begin, span.end - span.begin);
  if (leading_digits(written).size() != written.size()) {
    return ParseFailure{"the sampled score " + std::string(written) +
                        " is not a whole number, and expected scores are over whole scores"};
  }
  const std::size_t first = token_at(offsets, span.begin);
  const std::size_t last = token_at(offsets, span.end - 1);
  const std::string_view before = content.substr(offsets[first], span.begin - offsets[first]);
  if (!skip_space(before).empty()) {
    return ParseFailure{"the score's first token also holds the text before it (\"" +
                        std::string(piece_of(tokens[first])) + "\")"};
  }

  double mass = 0;
  double weighted = 0;
  auto count = [&](double probability, std::string_view digits) {
    if (auto value = scale_value(digits, max_score)) {
      mass += probability;
      weighted += probability * *value;
    }
  };
  double path = 1;    // the probability of the sampled tokens from `first` to the position
  std::string sofar;  // the digits they wrote
  Position position;
  for (std::size_t j = first; j < tokens.size(); ++j) {
    list_alternatives(tokens[j], position);
    bool goes_on = false;  // the sampled token leaves the number open: read the next position
    for (std::size_t i = 0; i < position.alternatives.size(); ++i) {
      const llm::TokenAlternative& alternative = *position.alternatives[i];
      std::string_view text = piece_of(alternative);
      if (j == first) text = skip_space(text);
      const std::string_view digits = leading_digits(text);
      const std::string_view rest = text.substr(digits.size());
      const double probability = path * std::exp(alternative.logprob);
      if (digits.empty()) {
        // Not a number at the first position; after digits, the end of the number.
        if (j != first && !starts_decimal(rest)) count(probability, sofar);
        continue;
      }
      if (starts_decimal(rest)) continue;
      const std::string number = sofar + std::string(digits);
      const bool open = rest.empty() && can_go_on(number, max_score);
      if (i == position.sampled && j < last) {
        goes_on = true;  // a digit of the sampled score: its continuation is the next position
        continue;
      }
      if (i == position.sampled && j == last && open) {
        goes_on = true;
        continue;
      }
      if (!open) count(probability, number);
      // An open alternative off the sampled path: where it goes is not reported, so not counted.
    }
    if (!goes_on) break;
    const std::string_view sampled_text =
        j == first ? skip_space(piece_of(tokens[j])) : piece_of(tokens[j]);
    sofar += std::string(leading_digits(sampled_text));
    path *= std::exp(tokens[j].logprob);
  }
  if (mass <= 0) {
    return ParseFailure{"no alternative at the score's place is a whole score on the 0.." +
                        detail::format_number(max_score) + " scale"};
  }
  return ExpectedScore{weighted / mass, std::min(mass, 1.0)};
}

}  // namespace pogen::pipeline
