#pragma once
// How a prompt file is to be read: its format and which fields hold the prompt and the id.
// docs/prompts.md describes every format and rule.

#include <optional>
#include <string>
#include <string_view>
#include "core/enum_names.hpp"

namespace pogen::io {

struct PromptFormatOptions {
  enum class Format { auto_detect, jsonl, json, text, csv } format = Format::auto_detect;
  // The field holding the prompt. When a record has no such field, "messages" and then
  // "conversation" are tried (CSV and text files use prompt_field only).
  std::string prompt_field = "prompt";
  std::string id_field = "id";
  std::optional<std::string> system_prompt;  // prepended when the conversation has no system turn
};
inline constexpr EnumNames<PromptFormatOptions::Format, 5> kPromptFormatNames{
    {{{PromptFormatOptions::Format::auto_detect, "auto"},
      {PromptFormatOptions::Format::jsonl, "jsonl"},
      {PromptFormatOptions::Format::json, "json"},
      {PromptFormatOptions::Format::text, "text"},
      {PromptFormatOptions::Format::csv, "csv"}}}};
constexpr const auto& enum_names(PromptFormatOptions::Format) { return kPromptFormatNames; }

// "auto", "jsonl", "json", "text", "csv": the names a config or a flag uses.

}  // namespace pogen::io
