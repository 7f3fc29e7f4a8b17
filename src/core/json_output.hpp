#pragma once
// How pogen writes JSON: one compact line per JSON Lines record, or an indented document
// (reports, manifests), written atomically. Text that is not valid UTF-8 (a model can emit
// broken bytes) is written with U+FFFD in place of the bad bytes instead of failing the run.
// A value that is undefined is written as null, never as a placeholder number.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace pogen::io {

// One JSON Lines record, without the newline.
std::string jsonl_line(const nlohmann::json& value);

// Writes `value` indented by 2 to `path` (temporary name, renamed when complete).
void write_json_document(const std::string& path, const nlohmann::json& value);

// The number, or null when it is undefined.
nlohmann::json number_or_null(const std::optional<double>& value);

}  // namespace pogen::io
