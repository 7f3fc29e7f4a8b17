#pragma once
// One prompt read from a prompt file, or one record that could not be made into a prompt.

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "chat/chat.hpp"

namespace pogen::io {

struct PromptItem {
  std::string id;
  std::vector<llm::Message> messages;  // the conversation; always ends with a user turn
  std::string source;                  // file name as given ("-" shown as "<stdin>")
  std::size_t line = 0;                // 1-based line where the record starts
};

// A record that is not a valid prompt. raw is the record's bytes as read (the line for JSONL,
// text and single-line CSV records, the element's text for a JSON array); it may hold invalid
// UTF-8 when that is the reason, so dump it with nlohmann's error_handler_t::replace.
struct PromptRejected {
  std::string source;
  std::size_t line = 0;
  std::string field;   // the field at fault, such as messages[1].role; empty for the whole record
  std::string reason;  // what is wrong, without the field
  std::string raw;
};

using PromptEntry = std::variant<PromptItem, PromptRejected>;

}  // namespace pogen::io
