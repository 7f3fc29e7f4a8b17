#pragma once
// The OpenAI-compatible chat completion request and response, as pogen uses them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "core/enum_names.hpp"

namespace pogen::llm {

enum class Role { system, user, assistant };
inline constexpr EnumNames<Role, 3> kRoleNames{
    {{{Role::system, "system"}, {Role::user, "user"}, {Role::assistant, "assistant"}}}};
constexpr const auto& enum_names(Role) { return kRoleNames; }

struct Message {
  Role role = Role::user;
  std::string content;
  bool operator==(const Message&) const = default;
};

struct SamplingParams {
  std::optional<double> temperature;
  std::optional<double> top_p;
  std::optional<int> max_tokens;
  std::optional<std::int64_t> seed;
  std::vector<std::string> stop;
  bool operator==(const SamplingParams&) const = default;
};

struct ChatRequest {
  std::vector<Message> messages;
  SamplingParams sampling;
  std::optional<int> n;                           // number of choices; absent means 1
  std::optional<nlohmann::json> response_format;  // {"type":"json_object"} or a json_schema
  // Set: ask for the sampled tokens' log-probabilities (`logprobs: true`) with this many
  // alternatives at each position (`top_logprobs`, 1..20: OpenAI's cap, vLLM's default
  // --max-logprobs). Part of the cache key, since it changes the response.
  std::optional<int> top_logprobs = std::nullopt;
};

struct Usage {
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::int64_t total_tokens = 0;
};

// One token as the server reports it in `choices[i].logprobs.content[]`: its text (vLLM may send
// "token_id:123" with --return-tokens-as-token-ids), its UTF-8 bytes when given (a token that is
// part of a character has text that is not the whole character, but exact bytes), and its
// natural log-probability (OpenAI and vLLM send -9999.0 for "very unlikely").
struct TokenAlternative {
  std::string token;
  std::optional<std::string> bytes;  // raw bytes; absent when the server sent none (or null)
  double logprob = 0;
  bool operator==(const TokenAlternative&) const = default;
};

// A sampled token with the most likely tokens at its position (the sampled one usually among
// them, not necessarily: a server may list fewer than asked).
struct TokenLogprob {
  std::string token;
  std::optional<std::string> bytes;
  double logprob = 0;
  std::vector<TokenAlternative> top;
  bool operator==(const TokenLogprob&) const = default;
};

struct Choice {
  int index = 0;
  std::optional<std::string> content;  // null content is not the same as ""
  std::string finish_reason;           // "stop", "length", "content_filter", "tool_calls", ...
  // The sampled tokens of content, in order; absent when the server gave no log-probabilities
  // (not asked for, `logprobs: null`, or `logprobs.content: null`).
  std::optional<std::vector<TokenLogprob>> logprobs = std::nullopt;
};

struct ChatResponse {
  std::string id;
  std::string model;
  std::vector<Choice> choices;  // never empty once parsed
  Usage usage;
  // Measured by the client (not on the wire) and stored with the response in the cache, so that
  // a resumed run reports what the request took when it was answered.
  double latency_ms = 0;  // the answering exchange: request sent to response read
  double queue_ms = 0;    // waiting in pogen's own gate (in-flight caps, rate limits), all attempts
  double retry_ms = 0;    // the failed attempts and the backoff sleeps before the answer
};

}  // namespace pogen::llm
