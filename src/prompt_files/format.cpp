#include "prompt_files/format.hpp"

#include <array>
#include <utility>

namespace pogen::io {

namespace {
using Format = PromptFormatOptions::Format;
constexpr std::array<std::pair<Format, const char*>, 5> kFormatNames{{
    {Format::auto_detect, "auto"},
    {Format::jsonl, "jsonl"},
    {Format::json, "json"},
    {Format::text, "text"},
    {Format::csv, "csv"},
}};
}  // namespace

const char* prompt_format_name(Format format) {
  for (const auto& [value, name] : kFormatNames) {
    if (value == format) return name;
  }
  return "unknown";
}

std::optional<Format> parse_prompt_format(std::string_view name) {
  for (const auto& [value, format_name] : kFormatNames) {
    if (name == format_name) return value;
  }
  return std::nullopt;
}

}  // namespace pogen::io
