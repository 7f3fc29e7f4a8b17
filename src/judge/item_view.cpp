#include "judge/item_view.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "templates/conversation_text.hpp"

namespace pogen::pipeline {

std::map<std::string, std::string> question_values(const PromptTemplate& tmpl,
                                                   const std::vector<llm::Message>& conversation) {
  bool has_user_turn = false;
  for (const auto& message : conversation) has_user_turn |= message.role == llm::Role::user;
  if (!has_user_turn) throw std::invalid_argument("judging: the conversation has no user turn");
  std::string question = last_user_turn(conversation);
  std::string context = render_context(conversation);
  if (tmpl.placeholders.contains("context") || context.empty()) {
    return {{"question", std::move(question)}, {"context", std::move(context)}};
  }
  return {{"question",
           "Conversation so far:\n" + context + "\n\nLast user turn (the question):\n" + question},
          {"context", std::move(context)}};
}

std::string format_score(double score) { return fmt::format("{}", score); }

}  // namespace pogen::pipeline
