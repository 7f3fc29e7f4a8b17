#pragma once
// The prompt rules, whatever the file format: which field holds the conversation, how message
// lists are read (OpenAI, ShareGPT and Capybara styles), and where the id comes from.

#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/chat.hpp"
#include "prompt_files/format.hpp"
#include "prompt_files/record.hpp"

namespace pogen::io {

struct ConvertedPrompt {
  std::string id;
  bool id_generated = false;           // no id field: the id is content_id(messages)
  std::vector<llm::Message> messages;  // as in the file, without the options' system prompt
};

// The conversation and id of one record's fields, or the first problem found in them.
std::variant<ConvertedPrompt, RecordProblem> convert_record(const nlohmann::json& fields,
                                                            const PromptFormatOptions& options);

}  // namespace pogen::io
