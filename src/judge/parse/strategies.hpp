#pragma once
// The judge strategies as one table: a row says what a strategy shows the judge, which prompt
// template asks, how its reply is read, the closing lines it must end with, and the JSON schema
// of a structured reply. Everything that differs between strategies is read from the row, so a
// new strategy is an enumerator with its name (parse.hpp), a row (strategies.cpp), a parser, a
// template (prompts/judge-<key>.md with its markers) and a fake answer (fake/roles.cpp); see
// docs/architecture.md, "Where does a new X go".

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "judge/parse/parse.hpp"

namespace pogen::pipeline {

// What a reply says, in the labels the judge saw: scores of A and B, the score of the one answer
// shown, or a pick. A strategy fills what it gives and leaves the rest empty.
struct Verdict {
  std::optional<double> a, b, score;
  std::optional<Pick> pick;
};

// What one call of the strategy shows the judge. pair: two answers, as AB and, with swap: both,
// also as BA (1 or 2 calls per pair and judge). one_answer: one candidate alone (one call per
// candidate and judge, whatever the number of pairs).
enum class JudgeSees { pair, one_answer };

struct StrategyRow {
  JudgeStrategy strategy;
  // judging.templates.<key> in a config; the built-in template is prompts/judge-<key>.md.
  const char* template_key;
  JudgeSees sees;
  bool gives_scores;  // false: a pick only, which mean_score aggregation cannot use
  ParseResult<Verdict> (*read)(std::string_view text, double max_score);
  // The closing lines the template asks for, "### Score:\nX/10": the follow-up asks for them.
  std::string (*required_format)(const std::string& max_score);
  // The answer fields of a structured reply ("score_a", ...), each required, after explanation.
  nlohmann::json (*answer_properties)(double max_score);
};

std::span<const StrategyRow> strategy_rows();
const StrategyRow& strategy_row(JudgeStrategy strategy);

// The placeholders a template of that strategy must use: question and the answers it shows.
std::span<const char* const> required_placeholders(JudgeSees sees);

}  // namespace pogen::pipeline
