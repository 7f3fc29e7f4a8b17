#include "chat/answer.hpp"

namespace pogen::llm {

Outcome<std::string> answer_text(const Choice& choice) {
  if (choice.finish_reason == "length") {
    return Failure{FailureKind::truncated, 0, "the answer hit max_tokens"};
  }
  if (choice.finish_reason == "content_filter") {
    return Failure{FailureKind::content_filter, 0, "the answer was stopped by a content filter"};
  }
  if (!choice.content) return Failure{FailureKind::empty, 0, "content is null"};
  const std::string& text = *choice.content;
  if (text.find_first_not_of(" \t\n\r\f\v") == std::string::npos) {
    return Failure{FailureKind::empty, 0, "content is empty"};
  }
  return text;
}

}  // namespace pogen::llm
