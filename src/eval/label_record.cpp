#include "eval/label_record.hpp"

#include <fmt/format.h>

namespace pogen::eval::detail {
namespace {

constexpr std::size_t kLinesShown = 5;

std::string line_list(const std::vector<std::size_t>& lines) {
  std::string text;
  for (std::size_t i = 0; i < lines.size() && i < kLinesShown; ++i) {
    text += fmt::format("{}{}", i == 0 ? "" : ", ", lines[i]);
  }
  if (lines.size() > kLinesShown) text += fmt::format(" and {} more", lines.size() - kLinesShown);
  return text;
}

}  // namespace

void report_unknown_labels(const std::string& file, const UnknownLabels& unknown,
                           const LabelMap& labels, Diagnostics& problems) {
  for (const auto& [where, lines] : unknown) {
    const auto& [field, label] = where;
    const std::string on = lines.size() == 1 ? ""
                                             : fmt::format(", on {} records: lines {}",
                                                           lines.size(), line_list(lines));
    problems.add(file, lines.front(), field,
                 fmt::format("label \"{}\" is not in the label map (known: {}){}; map it with "
                             "--label-map {}=A|B|tie|failed",
                             label, labels.known(), on, label));
  }
}

const nlohmann::json* present(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string absent_reason(const nlohmann::json& object, std::string_view key) {
  return fmt::format("field {} is {}", key, object.contains(key) ? "null" : "missing");
}

}  // namespace pogen::eval::detail
