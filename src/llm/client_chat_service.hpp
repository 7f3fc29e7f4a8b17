#pragma once
// The ChatService of a real run: every call goes to the shared Client.

#include <string>

#include "chat/chat_service.hpp"

namespace pogen::llm {

class Client;

// Forwards every call to the shared Client.
class ClientChatService final : public ChatService {
 public:
  explicit ClientChatService(Client& client) : client_(client) {}
  Task<Outcome<ChatResponse>> chat(const std::string& endpoint, ChatRequest request,
                                   CallContext context) override;
  std::string model_of(const std::string& endpoint) const override;

 private:
  Client& client_;
};

}  // namespace pogen::llm
