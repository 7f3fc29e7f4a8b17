#pragma once
// How a prompt file is to be read: its format and which fields hold the prompt and the id.
// docs/prompts.md describes every format and rule.

#include <optional>
#include <string>
#include <string_view>

namespace pogen::io {

struct PromptFormatOptions {
  enum class Format { auto_detect, jsonl, json, text, csv } format = Format::auto_detect;
  // The field holding the prompt. When a record has no such field, "messages" and then
  // "conversation" are tried (CSV and text files use prompt_field only).
  std::string prompt_field = "prompt";
  std::string id_field = "id";
  std::optional<std::string> system_prompt;  // prepended when the conversation has no system turn
};

// "auto", "jsonl", "json", "text", "csv": the names a config or a flag uses.
const char* prompt_format_name(PromptFormatOptions::Format format);
std::optional<PromptFormatOptions::Format> parse_prompt_format(std::string_view name);

}  // namespace pogen::io
