#pragma once
// The seam between workflows and the transport. Workflows (generation, judging) talk to a
// ChatService; the real one forwards to the shared Client, tests script one, and the resume cache
// wraps another. CallContext says which call of which item this is: it is part of the cache key
// ("the role in the workflow") and of log lines, never of the HTTP request.

#include <string>

#include "chat/chat.hpp"
#include "chat/failure.hpp"
#include "core/task.hpp"

namespace pogen::llm {

struct CallContext {
  std::string item_id;
  std::string role;   // e.g. "generate", "review", "revise", "judge", "judge-reask", "debate"
  int iteration = 0;  // loop iteration or debate round; 0 when not applicable
  int sample = 0;     // sample index within a role
};

// Builds a CallContext outside coroutine bodies: g++ 12 rejects a braced initializer holding a
// string literal inside a coroutine ("array used as initializer").
inline CallContext call_context(std::string item_id, std::string role, int iteration, int sample) {
  return {std::move(item_id), std::move(role), iteration, sample};
}

class ChatService {
 public:
  virtual ~ChatService() = default;
  virtual Task<Outcome<ChatResponse>> chat(const std::string& endpoint, ChatRequest request,
                                           CallContext context) = 0;
  // The model name an endpoint serves (for records and the self-judging guard).
  virtual std::string model_of(const std::string& endpoint) const = 0;
};

}  // namespace pogen::llm
