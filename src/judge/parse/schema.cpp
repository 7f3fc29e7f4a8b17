// What a judge is asked to produce: the closing lines of the prompt templates and the JSON schema
// of a structured reply. Both are what the parsers read first.

#include "judge/parse/detail.hpp"
#include "judge/parse/parse.hpp"
#include "judge/parse/strategies.hpp"

namespace pogen::pipeline {

namespace {

using Json = nlohmann::json;

// The explanation comes first so that a model decoding in schema order reasons before scoring.
Json object_schema(Json properties, Json required) {
  properties["explanation"] = {{"type", "string"}};
  required.insert(required.begin(), "explanation");
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

}  // namespace

std::string required_format(JudgeStrategy strategy, double max_score) {
  return strategy_row(strategy).required_format(detail::format_number(max_score));
}

Json judge_response_schema(JudgeStrategy strategy, double max_score) {
  Json properties = strategy_row(strategy).answer_properties(max_score);
  Json required = Json::array();
  for (const auto& item : properties.items()) required.push_back(item.key());
  return object_schema(std::move(properties), std::move(required));
}

Json judge_response_format(JudgeStrategy strategy, double max_score) {
  std::string name = std::string("pogen_judge_") + name_of(strategy);
  return {
      {"type", "json_schema"},
      {"json_schema",
       {{"name", name}, {"strict", true}, {"schema", judge_response_schema(strategy, max_score)}}}};
}

}  // namespace pogen::pipeline
