#include "templates/conversation_text.hpp"

namespace pogen::pipeline {
namespace {

const char* speaker(llm::Role role) {
  switch (role) {
    case llm::Role::system:
      return "System";
    case llm::Role::user:
      return "User";
    case llm::Role::assistant:
      return "Assistant";
  }
  return "?";
}

std::size_t last_user_index(const std::vector<llm::Message>& conversation) {
  for (std::size_t i = conversation.size(); i-- > 0;) {
    if (conversation[i].role == llm::Role::user) return i;
  }
  return conversation.size();
}

}  // namespace

std::string last_user_turn(const std::vector<llm::Message>& conversation) {
  auto i = last_user_index(conversation);
  return i < conversation.size() ? conversation[i].content : std::string();
}

std::string render_context(const std::vector<llm::Message>& conversation) {
  auto end = last_user_index(conversation);
  std::string out;
  for (std::size_t i = 0; i < end && i < conversation.size(); ++i) {
    if (!out.empty()) out += "\n\n";
    out += speaker(conversation[i].role);
    out += ": ";
    out += conversation[i].content;
  }
  return out;
}

}  // namespace pogen::pipeline
