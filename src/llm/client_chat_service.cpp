#include "llm/client_chat_service.hpp"

#include "llm/client.hpp"

namespace pogen::llm {

// The client times the exchange itself (latency_ms, queue_ms, retry_ms): only it sees the gate
// and the attempts apart.
Task<Outcome<ChatResponse>> ClientChatService::chat(const std::string& endpoint,
                                                    ChatRequest request, CallContext) {
  co_return co_await client_.chat(endpoint, std::move(request));
}

std::string ClientChatService::model_of(const std::string& endpoint) const {
  return client_.endpoint(endpoint).model;
}

}  // namespace pogen::llm
