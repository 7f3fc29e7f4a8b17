#pragma once
// How a conversation is shown inside another prompt (to a reviewer or a judge): the last user
// turn is "the question"; the turns before it, if any, are the context, one per paragraph as
// "System: ...", "User: ...", "Assistant: ...".

#include <string>
#include <vector>

#include "chat/chat.hpp"

namespace pogen::pipeline {

// Content of the last user message; empty when there is none.
std::string last_user_turn(const std::vector<llm::Message>& conversation);
// Every turn before the last user turn, rendered as above; empty for a single-turn prompt.
std::string render_context(const std::vector<llm::Message>& conversation);

}  // namespace pogen::pipeline
