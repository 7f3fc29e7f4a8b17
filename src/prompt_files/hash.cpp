#include "prompt_files/hash.hpp"

#include <nlohmann/json.hpp>

namespace pogen::io {

std::string canonical_conversation(const std::vector<llm::Message>& messages) {
  nlohmann::json turns = nlohmann::json::array();
  for (const auto& message : messages) {
    turns.push_back(nlohmann::json::array({name_of(message.role), message.content}));
  }
  return turns.dump();
}

std::string content_id(const std::vector<llm::Message>& messages) {
  return "p-" + sha256_hex(canonical_conversation(messages)).substr(0, 16);
}

}  // namespace pogen::io
