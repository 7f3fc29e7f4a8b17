#include "llm/client_chat_service.hpp"

#include <chrono>

#include "llm/client.hpp"

namespace pogen::llm {

Task<Outcome<ChatResponse>> ClientChatService::chat(const std::string& endpoint,
                                                    ChatRequest request, CallContext) {
  auto start = std::chrono::steady_clock::now();
  auto result = co_await client_.chat(endpoint, std::move(request));
  if (result.ok()) {
    std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    result.value().latency_ms = took.count();
  }
  co_return result;
}

std::string ClientChatService::model_of(const std::string& endpoint) const {
  return client_.endpoint(endpoint).model;
}

}  // namespace pogen::llm
