#include "judge/parse/strategies.hpp"

#include <set>
#include <string>

#include <catch2/catch.hpp>

using namespace pogen;
using namespace pogen::pipeline;

TEST_CASE("every judge strategy has exactly one row, with a template of its own", "[strategies]") {
  std::set<std::string> keys;
  for (const auto& entry : kJudgeStrategyNames.entries) {
    int rows = 0;
    for (const auto& row : strategy_rows()) rows += row.strategy == entry.value ? 1 : 0;
    CHECK(rows == 1);
    CHECK(strategy_row(entry.value).strategy == entry.value);
    keys.insert(strategy_row(entry.value).template_key);
  }
  CHECK(strategy_rows().size() == kJudgeStrategyNames.entries.size());
  CHECK(keys.size() == strategy_rows().size());
}

TEST_CASE("a row reads a reply into the fields its strategy gives", "[strategies]") {
  auto combined = strategy_row(JudgeStrategy::combined)
                      .read("### Score Assistant A:\n7/10\n### Score Assistant B:\n3/10", 10);
  REQUIRE(combined);
  CHECK(combined.value().a == 7);
  CHECK(combined.value().b == 3);
  CHECK_FALSE(combined.value().score);
  CHECK_FALSE(combined.value().pick);

  auto independent = strategy_row(JudgeStrategy::independent).read("### Score:\n4/5", 5);
  REQUIRE(independent);
  CHECK(independent.value().score == 4);
  CHECK_FALSE(independent.value().a);

  auto comparison = strategy_row(JudgeStrategy::comparison).read("Final verdict: [[B]]", 10);
  REQUIRE(comparison);
  CHECK(comparison.value().pick == Pick::b);
  CHECK_FALSE(comparison.value().score);

  auto unreadable = strategy_row(JudgeStrategy::independent).read("It is fine.", 10);
  REQUIRE_FALSE(unreadable);
  CHECK(unreadable.failure().reason == "no score found");
}

TEST_CASE("a strategy gives scores exactly when its structured reply has a score field",
          "[strategies]") {
  for (const auto& row : strategy_rows()) {
    auto schema = judge_response_schema(row.strategy, 10);
    bool has_score = false;
    for (const auto& item : schema["properties"].items()) {
      has_score |= item.key().rfind("score", 0) == 0;
    }
    CHECK(has_score == row.gives_scores);
    CHECK(schema["required"].size() == schema["properties"].size());
    CHECK(schema["required"][0] == "explanation");
  }
}

TEST_CASE("a strategy's template must show the answers its calls see", "[strategies]") {
  std::set<std::string> pair(required_placeholders(JudgeSees::pair).begin(),
                             required_placeholders(JudgeSees::pair).end());
  std::set<std::string> one(required_placeholders(JudgeSees::one_answer).begin(),
                            required_placeholders(JudgeSees::one_answer).end());
  CHECK(pair == std::set<std::string>{"question", "answer_a", "answer_b"});
  CHECK(one == std::set<std::string>{"question", "answer"});
  CHECK(strategy_row(JudgeStrategy::independent).sees == JudgeSees::one_answer);
  CHECK(strategy_row(JudgeStrategy::combined).sees == JudgeSees::pair);
  CHECK(strategy_row(JudgeStrategy::comparison).sees == JudgeSees::pair);
}
