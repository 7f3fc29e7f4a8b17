#pragma once
// Shared by the readers of label sources: one record being read, and where its problems go.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostics.hpp"
#include "eval/label_source.hpp"

namespace pogen::eval::detail {

// Labels outside the label map: the lines of each (field, label). A data set spells a stray
// label the same way on many lines, so each is reported once, with where it is.
using UnknownLabels = std::map<std::pair<std::string, std::string>, std::vector<std::size_t>>;

struct RecordContext {
  const std::string& file;
  std::size_t line;
  const nlohmann::json& fields;
  Diagnostics& problems;
  UnknownLabels& unknown_labels;

  void problem(std::string field, std::string message) const {
    problems.add(file, line, std::move(field), std::move(message));
  }
};

// One diagnostic per unknown label, at its first line, with how to map it.
void report_unknown_labels(const std::string& file, const UnknownLabels& unknown,
                           const LabelMap& labels, Diagnostics& problems);

// The field's value; nullptr when it is absent or null.
const nlohmann::json* present(const nlohmann::json& object, std::string_view key);

// "field x is missing" / "field x is null", for failure reasons.
std::string absent_reason(const nlohmann::json& object, std::string_view key);

// Reads a record written by pogen judge (judgments.jsonl): the verdict on candidates 0 and 1,
// both orders where recorded, and the answers' lengths.
void read_judgment_record(const RecordContext& record, SourceItem& item);

}  // namespace pogen::eval::detail
