// Structured judge replies: the JSON schema pogen asks for, and the JSON shapes judges write.

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "judge/parse/parse.hpp"

using namespace pogen::pipeline;
using nlohmann::json;
using pogen::name_of;
using pogen::parse_enum;

namespace {

ParsedScores scores(const std::string& text) {
  auto result = parse_combined(text, 10);
  INFO(text);
  if (!result) FAIL("no scores: " << result.failure().reason);
  return result.value();
}

std::string combined_failure(const std::string& text) {
  auto result = parse_combined(text, 10);
  INFO(text);
  if (result) FAIL("parsed " << result.value().a << ", " << result.value().b);
  return result.failure().reason;
}

}  // namespace

TEST_CASE("json: key spellings for combined scores", "[judge-parse]") {
  CHECK(scores(R"({"score_a": 7, "score_b": 5})") == ParsedScores{7, 5});
  CHECK(scores("```json\n{\"scoreA\": 7.5, \"scoreB\": \"6/10\"}\n```") == ParsedScores{7.5, 6});
  CHECK(scores(R"({"Assistant A": 3, "Assistant B": 9})") == ParsedScores{3, 9});
  CHECK(scores(R"({"score_assistant_a": 1, "SCORE_ASSISTANT_B": 2})") == ParsedScores{1, 2});
  CHECK(scores(
            R"({"assistant_a": {"explanation": "ok", "score": 8}, "assistant_b": {"score": 4}})") ==
        ParsedScores{8, 4});
  CHECK(scores(R"({"scores": {"a": 9, "b": 2}})") == ParsedScores{9, 2});
  CHECK(scores("Here is my evaluation:\n{\"explanation\": \"A {is} better\", \"score_a\": 3, "
               "\"score_b\": 4}\nHope this helps.") == ParsedScores{3, 4});
}

TEST_CASE("json: failures name the answer", "[judge-parse]") {
  CHECK(combined_failure(R"({"score_a": 11, "score_b": 5})") ==
        "score for Assistant A is 11, above the maximum 10");
  CHECK(combined_failure(R"({"score_a": 7})") == "no score for Assistant B found");
  CHECK(combined_failure(R"({"score": 7, "explanation": "A is better"})") ==
        "no score for Assistant A or Assistant B found");
  CHECK(combined_failure(R"({"score_a": "seven", "score_b": 5})") ==
        "no score for Assistant A found");
  CHECK(combined_failure(R"({"score_a": 7, "score_b": 5)") ==
        "no score for Assistant A or Assistant B found");
}

TEST_CASE("json: the last object revises earlier ones", "[judge-parse]") {
  CHECK(scores("{\"score_a\": 2, \"score_b\": 3}\nCorrection:\n{\"score_a\": 6, \"score_b\": 3}") ==
        ParsedScores{6, 3});
}

TEST_CASE("json: independent score and comparison winner", "[judge-parse]") {
  auto score = parse_independent(R"({"explanation": "thin", "rating": "4 out of 10"})", 10);
  REQUIRE(score);
  CHECK(score.value() == 4);
  auto pick = parse_comparison(R"({"explanation": "close", "final_verdict": "[[B]]"})");
  REQUIRE(pick);
  CHECK(pick.value() == Pick::b);
}

TEST_CASE("judge_response_schema asks for an explanation, then the scores", "[judge-parse]") {
  const json score = {{"type", "number"}, {"minimum", 0}, {"maximum", 10.0}};
  const json combined = {
      {"type", "object"},
      {"properties",
       {{"explanation", {{"type", "string"}}}, {"score_a", score}, {"score_b", score}}},
      {"required", {"explanation", "score_a", "score_b"}},
      {"additionalProperties", false}};
  CHECK(judge_response_schema(JudgeStrategy::combined, 10) == combined);

  const json independent = judge_response_schema(JudgeStrategy::independent, 5);
  CHECK(independent["required"] == json({"explanation", "score"}));
  CHECK(independent["properties"]["score"]["maximum"] == 5.0);

  const json comparison = judge_response_schema(JudgeStrategy::comparison, 10);
  CHECK(comparison["required"] == json({"explanation", "winner"}));
  CHECK(comparison["properties"]["winner"] ==
        json({{"type", "string"}, {"enum", {"A", "B", "tie"}}}));
}

TEST_CASE("judge_response_format wraps the schema for response_format", "[judge-parse]") {
  const json format = judge_response_format(JudgeStrategy::combined, 10);
  CHECK(format["type"] == "json_schema");
  CHECK(format["json_schema"]["name"] == "pogen_judge_combined");
  CHECK(format["json_schema"]["strict"] == true);
  CHECK(format["json_schema"]["schema"] == judge_response_schema(JudgeStrategy::combined, 10));
}

TEST_CASE("replies that follow the schema parse", "[judge-parse]") {
  const json combined = {{"explanation", "B misses the point"}, {"score_a", 8}, {"score_b", 2.5}};
  CHECK(scores(combined.dump()) == ParsedScores{8, 2.5});
  const json independent = {{"explanation", "fine"}, {"score", 6}};
  auto score = parse_independent(independent.dump(), 10);
  REQUIRE(score);
  CHECK(score.value() == 6);
  const std::vector<std::pair<std::string, Pick>> winners = {
      {"A", Pick::a}, {"B", Pick::b}, {"tie", Pick::tie}};
  for (const auto& [winner, expected] : winners) {
    const json comparison = {{"explanation", "weighed"}, {"winner", winner}};
    auto pick = parse_comparison(comparison.dump());
    REQUIRE(pick);
    CHECK(pick.value() == expected);
  }
}

TEST_CASE("strategy and pick names", "[judge-parse]") {
  CHECK(std::string(name_of(JudgeStrategy::independent)) == "independent");
  CHECK(parse_enum<JudgeStrategy>("comparison") == JudgeStrategy::comparison);
  CHECK_FALSE(parse_enum<JudgeStrategy>("pairwise").has_value());
  CHECK(std::string(name_of(Pick::tie)) == "tie");
  CHECK(required_format(JudgeStrategy::combined, 10) ==
        "### Score Assistant A:\nX/10\n### Score Assistant B:\nY/10");
  CHECK(required_format(JudgeStrategy::independent, 7.5) == "### Score:\nX/7.5");
  CHECK(required_format(JudgeStrategy::comparison, 10) == "[[A]], [[B]] or [[C]]");
}
