// What a judge is asked to produce: the closing lines of the prompt templates and the JSON schema
// of a structured reply. Both are what the parsers read first.

#include "judge/parse/detail.hpp"
#include "judge/parse/parse.hpp"

namespace pogen::pipeline {

namespace {

using Json = nlohmann::json;

Json score_property(double max_score) {
  return {{"type", "number"}, {"minimum", 0}, {"maximum", max_score}};
}

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
  std::string max = detail::format_number(max_score);
  switch (strategy) {
    case JudgeStrategy::combined:
      return "### Score Assistant A:\nX/" + max + "\n### Score Assistant B:\nY/" + max;
    case JudgeStrategy::independent:
      return "### Score:\nX/" + max;
    case JudgeStrategy::comparison:
      return "[[A]], [[B]] or [[C]]";
  }
  return {};
}

Json judge_response_schema(JudgeStrategy strategy, double max_score) {
  switch (strategy) {
    case JudgeStrategy::combined:
      return object_schema(
          {{"score_a", score_property(max_score)}, {"score_b", score_property(max_score)}},
          Json::array({"score_a", "score_b"}));
    case JudgeStrategy::independent:
      return object_schema({{"score", score_property(max_score)}}, Json::array({"score"}));
    case JudgeStrategy::comparison:
      return object_schema({{"winner", {{"type", "string"}, {"enum", {"A", "B", "tie"}}}}},
                           Json::array({"winner"}));
  }
  return {};
}

Json judge_response_format(JudgeStrategy strategy, double max_score) {
  std::string name = std::string("pogen_judge_") + name_of(strategy);
  return {
      {"type", "json_schema"},
      {"json_schema",
       {{"name", name}, {"strict", true}, {"schema", judge_response_schema(strategy, max_score)}}}};
}

}  // namespace pogen::pipeline
