#include "judge/parse/strategies.hpp"

#include <stdexcept>

namespace pogen::pipeline {
namespace {

using Json = nlohmann::json;

Json score_property(double max_score) {
  return {{"type", "number"}, {"minimum", 0}, {"maximum", max_score}};
}

ParseResult<Verdict> read_combined(std::string_view text, double max_score) {
  auto scores = parse_combined(text, max_score);
  if (!scores) return scores.failure();
  Verdict verdict;
  verdict.a = scores.value().a;
  verdict.b = scores.value().b;
  return verdict;
}

ParseResult<Verdict> read_independent(std::string_view text, double max_score) {
  auto score = parse_independent(text, max_score);
  if (!score) return score.failure();
  Verdict verdict;
  verdict.score = score.value();
  return verdict;
}

ParseResult<Verdict> read_comparison(std::string_view text, double) {
  auto pick = parse_comparison(text);
  if (!pick) return pick.failure();
  Verdict verdict;
  verdict.pick = pick.value();
  return verdict;
}

const StrategyRow kRows[] = {
    {.strategy = JudgeStrategy::combined,
     .template_key = "combined",
     .sees = JudgeSees::pair,
     .gives_scores = true,
     .read = read_combined,
     .required_format =
         [](const std::string& max) {
           return "### Score Assistant A:\nX/" + max + "\n### Score Assistant B:\nY/" + max;
         },
     .answer_properties =
         [](double max) {
           return Json{{"score_a", score_property(max)}, {"score_b", score_property(max)}};
         }},
    {.strategy = JudgeStrategy::independent,
     .template_key = "independent",
     .sees = JudgeSees::one_answer,
     .gives_scores = true,
     .read = read_independent,
     .required_format = [](const std::string& max) { return "### Score:\nX/" + max; },
     .answer_properties =
         [](double max) {
           return Json{{"score", score_property(max)}};
         }},
    {.strategy = JudgeStrategy::comparison,
     .template_key = "comparison",
     .sees = JudgeSees::pair,
     .gives_scores = false,
     .read = read_comparison,
     .required_format = [](const std::string&) { return std::string("[[A]], [[B]] or [[C]]"); },
     .answer_properties =
         [](double) {
           return Json{{"winner", {{"type", "string"}, {"enum", {"A", "B", "tie"}}}}};
         }},
};

constexpr const char* kPairPlaceholders[] = {"question", "answer_a", "answer_b"};
constexpr const char* kOneAnswerPlaceholders[] = {"question", "answer"};

}  // namespace

std::span<const StrategyRow> strategy_rows() { return kRows; }

const StrategyRow& strategy_row(JudgeStrategy strategy) {
  for (const auto& row : kRows) {
    if (row.strategy == strategy) return row;
  }
  // Every enumerator has a row (tests/judge/parse/strategies_test.cpp checks it).
  throw std::logic_error(std::string("no row for judge strategy ") + name_of(strategy));
}

std::span<const char* const> required_placeholders(JudgeSees sees) {
  if (sees == JudgeSees::pair) return kPairPlaceholders;
  return kOneAnswerPlaceholders;
}

}  // namespace pogen::pipeline
