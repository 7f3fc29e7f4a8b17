#pragma once
// The OpenAI chat-completions wire format: request bodies out, strict parsing of what comes back,
// and classification of every non-answer into a FailureKind. Pure functions, no I/O.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "chat/chat.hpp"
#include "chat/failure.hpp"
#include "http/http_types.hpp"
#include "llm/endpoint.hpp"

namespace pogen::llm {

// The JSON body of POST {base_url}/chat/completions: model, messages, sampling parameters
// (max_completion_tokens instead of max_tokens where the endpoint says so), n, response_format,
// logprobs: true with top_logprobs when the request asks for them, then the endpoint's extra_body
// merged over it.
nlohmann::json build_chat_body(const EndpointConfig& endpoint, const ChatRequest& request);

// Strict parse of a 2xx body. Any missing field, wrong type, empty choices, or non-JSON body is a
// malformed_response failure whose message names the field, e.g.
// "choices[0].finish_reason: expected a string, got null". A choice's `logprobs` is optional:
// absent or null is no log-probabilities; an object must hold `content` (an array of tokens, or
// null) whose every token has a string `token`, a number `logprob`, `bytes` absent, null or an
// array of 0..255, and `top_logprobs` absent, null or an array of such tokens.
Outcome<ChatResponse> parse_chat_response(const std::string& body);

// What a failed exchange means: the kind, whether it is worth retrying, and the server's message
// (the OpenAI-style error.message when the body has one, else a short excerpt of the body).
struct Classification {
  FailureKind kind = FailureKind::server_error;
  bool retryable = false;
  std::string message;
};
// For responses that are not a usable 2xx (transport failure or status >= 300).
Classification classify_failure(const http::HttpResponse& response);

// Rough token count of a request before sending it, for the tokens-per-minute bucket
// (about 4 characters a token, plus max_tokens); corrected from usage afterwards.
std::int64_t estimate_tokens(const ChatRequest& request);

// Bounds on what a request can cost, for the run's caps: its prompt cannot be more tokens than
// its UTF-8 bytes (every token of a byte-level vocabulary is at least one byte) plus the chat
// template's few per message; its completion not more than max_tokens times n (with max_tokens
// unset, the server's default, which pogen cannot know: the 256 assumed here is not a bound).
struct TokenBounds {
  std::int64_t prompt = 0;
  std::int64_t completion = 0;
};
TokenBounds token_bounds(const ChatRequest& request);

// The longest prefix of `text` of at most `max_bytes` bytes that does not cut a UTF-8 sequence
// in half (so excerpts of server bodies and truncated fake answers stay valid UTF-8).
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace pogen::llm
