#include "llm/protocol.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace pogen::llm {

using nlohmann::json;

nlohmann::json build_chat_body(const EndpointConfig& endpoint, const ChatRequest& request) {
  json messages = json::array();
  for (const auto& message : request.messages) {
    messages.push_back({{"role", name_of(message.role)}, {"content", message.content}});
  }
  json body = {{"model", endpoint.model}, {"messages", std::move(messages)}};

  // Only what is set goes out: servers differ in their defaults, and sending a default of ours
  // would override the one the model was tuned with.
  const SamplingParams& sampling = request.sampling;
  if (sampling.temperature) body["temperature"] = *sampling.temperature;
  if (sampling.top_p) body["top_p"] = *sampling.top_p;
  if (sampling.max_tokens) {
    // OpenAI's reasoning models reject max_tokens and want max_completion_tokens.
    body[endpoint.use_max_completion_tokens ? "max_completion_tokens" : "max_tokens"] =
        *sampling.max_tokens;
  }
  if (sampling.seed) body["seed"] = *sampling.seed;
  if (!sampling.stop.empty()) body["stop"] = sampling.stop;
  if (request.n) body["n"] = *request.n;
  if (request.response_format) body["response_format"] = *request.response_format;
  if (request.top_logprobs) {
    body["logprobs"] = true;
    body["top_logprobs"] = *request.top_logprobs;
  }

  // RFC 7386 merge patch: nested objects merge, other values replace, and a null removes a field
  // (a way to drop a parameter that one server rejects). Config validation guarantees that
  // extra_body is an object; anything else would replace the whole body, so it is not applied.
  if (endpoint.extra_body.is_object()) body.merge_patch(endpoint.extra_body);
  return body;
}

namespace {
constexpr int kDefaultMaxTokens = 256;
constexpr int kTokensPerMessage = 4;  // role and separators in the chat template

// Every byte but the continuation bytes (10xxxxxx) of UTF-8 sequences, eight bytes at a time:
// a per-byte loop over each prompt was a twentieth of the client's instructions per request.
std::int64_t count_code_points(std::string_view text) {
  constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  std::int64_t continuations = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, sizeof word);
    // Bit 7 of a byte set, its bit 6 (shifted up into bit 7) clear.
    continuations += std::popcount(word & ~(word << 1) & kHighs);
  }
  for (; i < text.size(); ++i) {
    continuations += (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80 ? 1 : 0;
  }
  return static_cast<std::int64_t>(text.size()) - continuations;
}
}  // namespace

std::int64_t estimate_tokens(const ChatRequest& request) {
  std::int64_t chars = 0;
  for (const auto& message : request.messages) chars += count_code_points(message.content);
  const std::int64_t prompt =
      (chars + 3) / 4 + kTokensPerMessage * static_cast<std::int64_t>(request.messages.size());
  const std::int64_t completion = request.sampling.max_tokens.value_or(kDefaultMaxTokens);
  return prompt + completion * request.n.value_or(1);
}

TokenBounds token_bounds(const ChatRequest& request) {
  TokenBounds bounds;
  for (const auto& message : request.messages) {
    bounds.prompt += static_cast<std::int64_t>(message.content.size()) + kTokensPerMessage;
  }
  bounds.completion =
      request.sampling.max_tokens.value_or(kDefaultMaxTokens) * request.n.value_or(1);
  return bounds;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  // Back off while the first byte left out continues a sequence that started inside the prefix.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace pogen::llm
