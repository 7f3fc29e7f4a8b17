#include "eval/label_map.hpp"

#include <fmt/format.h>

#include "core/diagnostics.hpp"

namespace pogen::eval {
namespace {

constexpr std::string_view kFailed = "failed";

std::optional<MappedLabel> parse_mapped(std::string_view text) {
  if (text == kFailed) return MappedLabel{};
  if (auto verdict = parse_enum<metrics::Verdict>(text)) return MappedLabel{verdict};
  return std::nullopt;
}

}  // namespace

LabelMap::LabelMap() {
  for (metrics::Verdict verdict : metrics::kVerdicts) {
    labels_[name_of(verdict)] = MappedLabel{verdict};
  }
}

void LabelMap::add(std::string_view entries, std::string_view flag) {
  std::size_t start = 0;
  while (start <= entries.size()) {
    const std::size_t end = std::min(entries.find(',', start), entries.size());
    const std::string_view entry = entries.substr(start, end - start);
    start = end + 1;
    const std::size_t equals = entry.rfind('=');
    if (equals == std::string_view::npos || equals == 0) {
      throw InputError(
          Diagnostic{"", 0, std::string(flag),
                     fmt::format("\"{}\": expected LABEL=VERDICT, e.g. 1=A,2=B,0=tie", entry)});
    }
    const auto mapped = parse_mapped(entry.substr(equals + 1));
    if (!mapped) {
      throw InputError(Diagnostic{"", 0, std::string(flag),
                                  fmt::format("\"{}\": the verdict must be A, B, tie or failed",
                                              entry.substr(equals + 1))});
    }
    labels_[std::string(entry.substr(0, equals))] = *mapped;
  }
}

std::optional<MappedLabel> LabelMap::find(const nlohmann::json& value) const {
  const auto it = labels_.find(label_text(value));
  if (it == labels_.end()) return std::nullopt;
  return it->second;
}

std::string LabelMap::known() const {
  std::string text;
  for (const auto& [label, mapped] : labels_) {
    const std::string_view verdict = mapped.verdict ? name_of(*mapped.verdict) : kFailed;
    text += fmt::format("{}{}={}", text.empty() ? "" : ", ", label, verdict);
  }
  return text;
}

std::string label_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace pogen::eval
