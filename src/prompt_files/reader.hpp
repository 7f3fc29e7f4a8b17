#pragma once
// Streaming prompt reader: one record at a time, so memory does not grow with the file (except
// for the duplicate-id table, 16 to 43 bytes a prompt: see prompt_ids.hpp). Every format and
// rule is described in docs/prompts.md.
//
//   PromptReader reader("prompts.jsonl", options);
//   while (auto entry = reader.next()) {
//     if (auto* item = std::get_if<PromptItem>(&*entry)) ...; else ... PromptRejected ...
//   }
//
// A reader reports bad records as PromptRejected and goes on; it throws InputError only when
// the file cannot be read or the rest of it cannot be split into records. To check a whole
// file before the first request, see prompt_validate.hpp.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "prompt_files/format.hpp"
#include "prompt_files/item.hpp"
#include "prompt_files/spool.hpp"

namespace pogen::io {

class PromptReader {
 public:
  // Reads `path`; "-" reads stdin once, as it comes (named "<stdin>" in items and messages).
  PromptReader(const std::string& path, PromptFormatOptions options);
  // Reads a spooled copy from its start; the reader keeps the copy alive.
  PromptReader(std::shared_ptr<const PromptSpool> spool, PromptFormatOptions options);
  PromptReader(PromptReader&&) noexcept;
  PromptReader& operator=(PromptReader&&) noexcept;
  ~PromptReader();

  // The next item or rejected record; nullopt at the end.
  std::optional<PromptEntry> next();
  // The format being read (auto_detect resolved).
  PromptFormatOptions::Format format() const;
  // The file name as shown in items and diagnostics.
  const std::string& source() const;
  // Records returned so far, items and rejections alike.
  std::size_t records() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The format of auto_detect: by extension (.jsonl and .ndjson, .json, .txt, .csv, in any
// case), else by the first byte that is not whitespace: "[" a JSON array, "{" JSON Lines,
// anything else (or an empty input) plain text.
PromptFormatOptions::Format detect_prompt_format(std::string_view path, int first_nonspace_byte);

}  // namespace pogen::io
