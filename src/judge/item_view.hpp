#pragma once
// What judges are shown of an item: the conversation, rendered as text with its last user turn as
// "the question", and the candidate answers. Judging refers to candidates by their index here.

#include <map>
#include <string>
#include <vector>

#include "chat/chat.hpp"
#include "templates/prompt_template.hpp"

namespace pogen::pipeline {

struct JudgeCandidate {
  std::string text;
  std::string model;  // who wrote it (for the self-judging guard)
};

struct JudgeItem {
  std::string id;
  std::vector<llm::Message> conversation;  // ends with the user turn the candidates answer
  std::vector<JudgeCandidate> candidates;
};

// The {{question}} and {{context}} values of a judge template. A template that uses {{context}}
// gets the turns before the last user turn there ("System: ...", "User: ...", "Assistant: ...",
// one per paragraph) and the last user turn alone as {{question}}. A template without {{context}}
// gets everything in {{question}}: the last user turn alone for a single-turn prompt, else
//   Conversation so far:
//   <context>
//
//   Last user turn (the question):
//   <last user turn>
// Throws std::invalid_argument when the conversation has no user turn.
std::map<std::string, std::string> question_values(const PromptTemplate& tmpl,
                                                   const std::vector<llm::Message>& conversation);

// A score as a prompt shows it: 10, 7.5 (no trailing zeros).
std::string format_score(double score);

}  // namespace pogen::pipeline
