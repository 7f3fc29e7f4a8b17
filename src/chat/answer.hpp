#pragma once
// What one choice of a chat completion means to the workflows: its text, or why it is not an
// answer.

#include <string>

#include "chat/chat.hpp"
#include "chat/failure.hpp"

namespace pogen::llm {

// The text of one choice, or why it is not an answer: truncated (finish_reason "length"),
// content_filter, or empty (null or "" content).
Outcome<std::string> answer_text(const Choice& choice);

}  // namespace pogen::llm
