#include "generate/candidates_reader.hpp"

#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/diagnostics.hpp"
#include "generate/generation_record.hpp"

namespace pogen::pipeline {

CandidatesReader::CandidatesReader(std::string path) : path_(std::move(path)), in_(path_) {
  if (!in_) throw InputError(Diagnostic{path_, 0, "", "cannot open the candidates file"});
}

std::optional<GeneratedItem> CandidatesReader::next() {
  std::string text;
  while (std::getline(in_, text)) {
    ++line_;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      throw InputError(Diagnostic{path_, line_, "", std::string("not JSON: ") + e.what()});
    }
    if (!j.is_object()) {
      throw InputError(Diagnostic{path_, line_, "", "expected a JSON object"});
    }
    return generated_item_from_json(j, path_, line_);
  }
  if (in_.bad()) throw InputError(Diagnostic{path_, line_, "", "read error"});
  return std::nullopt;
}

CandidatesSurvey survey_candidates(const std::string& path) {
  CandidatesSurvey survey;
  CandidatesReader reader(path);
  std::unordered_map<std::string, std::size_t> first_line;
  while (auto item = reader.next()) {
    auto [it, fresh] = first_line.emplace(item->id, reader.line());
    if (!fresh) {
      throw InputError(Diagnostic{
          path, reader.line(), "id",
          "\"" + item->id + "\" was already used on line " + std::to_string(it->second)});
    }
    ++survey.items;
    for (const auto& c : item->candidates) survey.models.insert(c.model);
  }
  return survey;
}

}  // namespace pogen::pipeline
