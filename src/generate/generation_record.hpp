#pragma once
// candidates.jsonl: one line per prompt, written by `pogen generate` and read by `pogen judge`.

#include <string>

#include <nlohmann/json.hpp>

#include "generate/generation.hpp"

namespace pogen::pipeline {

nlohmann::json to_json(const GeneratedItem& item);
// "review by rev: server_error: upstream exploded": a failure as rejects.jsonl gives it.
std::string describe(const StageFailure& failure);
nlohmann::json to_json(const llm::Usage& usage);
nlohmann::json messages_to_json(const std::vector<llm::Message>& messages);

// Reads one line of candidates.jsonl back. Throws InputError naming source:line and the field.
GeneratedItem generated_item_from_json(const nlohmann::json& j, const std::string& source,
                                       std::size_t line);

}  // namespace pogen::pipeline
