#pragma once
// Shared by the readers of label sources: one record being read, and where its problems go.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pogen/core/diagnostics.hpp"
#include "pogen/eval/label_source.hpp"

namespace pogen::eval::detail {

struct RecordContext {
  const std::string& file;
  std::size_t line;
  const nlohmann::json& fields;
  Diagnostics& problems;

  void problem(std::string field, std::string message) const {
    problems.add(file, line, std::move(field), std::move(message));
  }
};

// The field's value; nullptr when it is absent or null.
const nlohmann::json* present(const nlohmann::json& object, std::string_view key);

// "field x is missing" / "field x is null", for failure reasons.
std::string absent_reason(const nlohmann::json& object, std::string_view key);

// Reads a record written by pogen judge (judgments.jsonl): the verdict on candidates 0 and 1,
// both orders where recorded, and the answers' lengths.
void read_judgment_record(const RecordContext& record, SourceItem& item);

}  // namespace pogen::eval::detail
