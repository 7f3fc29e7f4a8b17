// The expected score of a written score from the tokens' log-probabilities.

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "judge/parse/expected_score.hpp"

using pogen::llm::TokenAlternative;
using pogen::llm::TokenLogprob;
using pogen::pipeline::expected_score;
using pogen::pipeline::locate_score;
using pogen::pipeline::ScoreOf;
using pogen::pipeline::TextSpan;

namespace {

// A sampled token with probability `p` and its alternatives as (text, probability).
TokenLogprob tok(std::string text, double p = 1.0,
                 std::vector<std::pair<std::string, double>> top = {}) {
  TokenLogprob token{text, std::nullopt, std::log(p), {}};
  for (auto& [alt, q] : top) token.top.push_back({alt, std::nullopt, std::log(q)});
  return token;
}

std::string spell(const std::vector<TokenLogprob>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += t.bytes ? *t.bytes : t.token;
  return out;
}

TextSpan span_of(const std::string& content, const std::string& score, std::size_t from = 0) {
  auto at = content.find(score, from);
  REQUIRE(at != std::string::npos);
  return {at, at + score.size()};
}

}  // namespace

TEST_CASE("expected score: one-token scores weighted by their probabilities", "[expected]") {
  std::vector<TokenLogprob> tokens = {tok("Score"), tok(":"),
                                      tok(" 7", 0.6, {{" 7", 0.6}, {" 8", 0.3}, {" 6", 0.1}}),
                                      tok("/"), tok("10")};
  const std::string content = spell(tokens);
  auto result = expected_score(tokens, content, span_of(content, "7"), 10);
  REQUIRE(result);
  CHECK(result.value().value == Approx(0.6 * 7 + 0.3 * 8 + 0.1 * 6));
  CHECK(result.value().mass == Approx(1.0));
}

TEST_CASE("expected score: alternatives that are not scores on the scale are left out",
          "[expected]") {
  // "11" is off 0..10, "seven" is a word, "07" has a leading zero, "7.5" is a decimal.
  std::vector<TokenLogprob> tokens = {
      tok("Score: "),
      tok("7", 0.5,
          {{"7", 0.5}, {"11", 0.1}, {"seven", 0.1}, {"07", 0.1}, {"7.5", 0.1}, {"9", 0.1}}),
      tok("/10")};
  const std::string content = spell(tokens);
  auto result = expected_score(tokens, content, span_of(content, "7"), 10);
  REQUIRE(result);
  CHECK(result.value().mass == Approx(0.6));
  CHECK(result.value().value == Approx((0.5 * 7 + 0.1 * 9) / 0.6));
}

TEST_CASE("expected score: \"10\" as the two tokens 1 and 0 follows the sampled path",
          "[expected]") {
  // P(10) = P("1") P("0" | "1"); P(1) = P("1") P("/" | "1"); "9" and "0" are complete scores at
  // the first position; "11" (the "1" then "1" alternative) is off the scale.
  std::vector<TokenLogprob> tokens = {
      tok("Score: "), tok("1", 0.5, {{"1", 0.5}, {"9", 0.3}, {"0", 0.2}}),
      tok("0", 0.8, {{"0", 0.8}, {"/", 0.1}, {"1", 0.1}}), tok("/"), tok("10")};
  const std::string content = spell(tokens);
  auto result = expected_score(tokens, content, span_of(content, "10"), 10);
  REQUIRE(result);
  const double p10 = 0.5 * 0.8, p1 = 0.5 * 0.1, p9 = 0.3, p0 = 0.2;
  CHECK(result.value().mass == Approx(p10 + p1 + p9 + p0));
  CHECK(result.value().value ==
        Approx((p10 * 10 + p1 * 1 + p9 * 9 + p0 * 0) / (p10 + p1 + p9 + p0)));
}

TEST_CASE("expected score: a sampled 1 whose next token could have made it 10", "[expected]") {
  std::vector<TokenLogprob> tokens = {tok("Score: "), tok("1", 0.6, {{"1", 0.6}, {"2", 0.4}}),
                                      tok("/", 0.7, {{"/", 0.7}, {"0", 0.3}}), tok("10")};
  const std::string content = spell(tokens);
  auto result = expected_score(tokens, content, span_of(content, "1"), 10);
  REQUIRE(result);
  const double p1 = 0.6 * 0.7, p10 = 0.6 * 0.3, p2 = 0.4;
  CHECK(result.value().mass == Approx(1.0));
  CHECK(result.value().value == Approx(p1 * 1 + p10 * 10 + p2 * 2));
}

TEST_CASE("expected score: \"10\" as one token; an alternative \"1\" that may go on is not counted",
          "[expected]") {
  std::vector<TokenLogprob> tokens = {
      tok("Score: "), tok("10", 0.7, {{"10", 0.7}, {"9", 0.2}, {"1", 0.1}}), tok("/10")};
  const std::string content = spell(tokens);
  auto result = expected_score(tokens, content, span_of(content, "10"), 10);
  REQUIRE(result);
  CHECK(result.value().mass == Approx(0.9));
  CHECK(result.value().value == Approx((0.7 * 10 + 0.2 * 9) / 0.9));
}

TEST_CASE("expected score: the sampled token counts even when the server did not list it",
          "[expected]") {
  std::vector<TokenLogprob> tokens = {tok("Score: "), tok("6", 0.5), tok("/10")};
  const std::string content = spell(tokens);
  auto result = expected_score(tokens, content, span_of(content, "6"), 10);
  REQUIRE(result);
  CHECK(result.value().value == Approx(6));
  CHECK(result.value().mass == Approx(0.5));
}

TEST_CASE("expected score: bytes, not the token text, spell the reply", "[expected]") {
  // A token that ends in the middle of a character: llama.cpp cuts its text, the bytes are exact.
  TokenLogprob cut{"caf", std::string("caf\xC3"), std::log(0.9), {}};
  TokenLogprob rest{"", std::string("\xA9 "), std::log(0.9), {}};
  std::vector<TokenLogprob> tokens = {cut, rest, tok("8", 0.5, {{"8", 0.5}, {"9", 0.5}}),
                                      tok("/10")};
  const std::string content = spell(tokens);
  CHECK(content == "caf\xC3\xA9 8/10");
  auto result = expected_score(tokens, content, span_of(content, "8"), 10);
  REQUIRE(result);
  CHECK(result.value().value == Approx(8.5));
}

TEST_CASE("expected score: why there is none", "[expected]") {
  SECTION("tokens that do not spell the content") {
    std::vector<TokenLogprob> tokens = {tok("Score: "), tok("7"), tok("/10")};
    auto result = expected_score(tokens, "Score: 7/10 extra", {7, 8}, 10);
    REQUIRE_FALSE(result);
    CHECK(result.failure().reason ==
          "the log-probabilities' tokens do not spell the reply (they give 11 bytes, the reply "
          "has 17; they differ from byte 11)");
  }
  SECTION("vLLM token ids") {
    std::vector<TokenLogprob> tokens = {tok("token_id:3857"), tok("token_id:22")};
    auto result = expected_score(tokens, "Score: 7", {7, 8}, 10);
    REQUIRE_FALSE(result);
    CHECK(result.failure().reason ==
          "the server sent token ids instead of token texts (vLLM's --return-tokens-as-token-ids)");
  }
  SECTION("no tokens") {
    auto result = expected_score({}, "Score: 7", {7, 8}, 10);
    REQUIRE_FALSE(result);
    CHECK(result.failure().reason == "the server returned no tokens with log-probabilities");
  }
  SECTION("a decimal score") {
    std::vector<TokenLogprob> tokens = {tok("Score: "), tok("7"), tok("."), tok("5")};
    const std::string content = spell(tokens);
    auto result = expected_score(tokens, content, span_of(content, "7.5"), 10);
    REQUIRE_FALSE(result);
    CHECK(result.failure().reason ==
          "the sampled score 7.5 is not a whole number, and expected scores are over whole scores");
  }
  SECTION("a first token holding the text before the score") {
    std::vector<TokenLogprob> tokens = {tok("Score"), tok(":7"), tok("/10")};
    const std::string content = spell(tokens);
    auto result = expected_score(tokens, content, span_of(content, "7"), 10);
    REQUIRE_FALSE(result);
    CHECK(result.failure().reason ==
          "the score's first token also holds the text before it (\":7\")");
  }
  SECTION("no alternative is a score") {
    std::vector<TokenLogprob> tokens = {tok("Score: "), tok("1", 0.9, {{"1", 0.9}, {"x", 0.1}})};
    const std::string content = spell(tokens);  // the reply ends: "1" could have been "10"
    auto result = expected_score(tokens, content, span_of(content, "1"), 10);
    REQUIRE_FALSE(result);
    CHECK(result.failure().reason ==
          "no alternative at the score's place is a whole score on the 0..10 scale");
  }
}

TEST_CASE("locate_score finds the score the parser reads, in the raw reply", "[expected]") {
  const std::string reply =
      "<think>Score Assistant A: 3/10</think>\n### Score Assistant A:\n7/10\n"
      "### Score Assistant B:\n10/10";
  auto a = locate_score(reply, ScoreOf::a);
  REQUIRE(a);
  CHECK(reply.substr(a.value().begin, a.value().end - a.value().begin) == "7");
  CHECK(a.value().begin == reply.find("7/10"));
  auto b = locate_score(reply, ScoreOf::b);
  REQUIRE(b);
  CHECK(b.value().begin == reply.rfind("10/10"));
  CHECK(b.value().end == b.value().begin + 2);

  auto bare = locate_score("  **8**", ScoreOf::only);
  REQUIRE(bare);
  CHECK(bare.value() == TextSpan{4, 5});

  // JSON replies: integer literals and strings starting with the score are placed.
  const std::string json_reply =
      R"(Done. {"explanation": "A {is} \"7\"", "score_a": 7, "score_b": "10/10"})";
  auto json_a = locate_score(json_reply, ScoreOf::a);
  REQUIRE(json_a);
  CHECK(json_a.value().begin == json_reply.find("7,"));
  auto json_b = locate_score(json_reply, ScoreOf::b);
  REQUIRE(json_b);
  CHECK(json_b.value() == TextSpan{json_reply.find("10/10"), json_reply.find("10/10") + 2});
  auto independent = locate_score(R"({"explanation": "ok", "score": 8})", ScoreOf::only);
  REQUIRE(independent);
  CHECK(independent.value() == TextSpan{31, 32});
  for (const char* unplaced : {R"({"assistant_a": {"score": 7}, "assistant_b": {"score": 5}})",
                               R"({"score_a": 7.5, "score_b": 5})"}) {
    INFO(unplaced);
    auto json = locate_score(unplaced, ScoreOf::a);
    REQUIRE_FALSE(json);
    CHECK(json.failure().reason ==
          "the score was read from a JSON value that could not be placed in the reply (nested in "
          "another object, not a whole number, or under a key written with escapes)");
  }
  CHECK_FALSE(locate_score("no score here", ScoreOf::only));
}

TEST_CASE("expected tie tolerance is half a percent of the scale", "[expected]") {
  CHECK(pogen::pipeline::expected_tie_tolerance(10) == Approx(0.05));
  CHECK(pogen::pipeline::expected_tie_tolerance(100) == Approx(0.5));
}
