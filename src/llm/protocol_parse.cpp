// Strict parsing of a chat completion. A response that is not exactly what was asked for is a
// malformed_response whose message names the path and what was found there, so that a broken
// proxy or an incompatible server is diagnosed from records.jsonl alone.
//
// What real servers send:
// - finish_reason: OpenAI documents it as a string ("stop", "length", "content_filter",
//   "tool_calls", "function_call"). null is only sent in streaming chunks before the last one
//   (openai/openai-openapi#100, vllm-project/vllm#19662, ollama/ollama#4357 are all about
//   streams); vLLM, llama.cpp server, SGLang and Ollama's /v1 send a string in a non-streaming
//   answer. pogen never streams, so a null finish_reason means an unfinished or broken answer
//   and is rejected rather than guessed at.
// - content: a string, or null (tool calls, refusals, and Ollama's occasional empty answer with
//   finish_reason "stop", ollama/ollama#13371); null is kept apart from "" and reported by
//   answer_text. An absent content is not a valid message.
// - usage: OpenAI, vLLM, llama.cpp, SGLang and Ollama all send prompt_tokens,
//   completion_tokens and total_tokens; pogen needs them for token buckets and run statistics.
// - logprobs (only when asked for): OpenAI sends {"content": [{token, logprob, bytes,
//   top_logprobs: [{token, logprob, bytes}]}], "refusal": null}, bytes possibly null, -9999.0 for
//   a very unlikely token. vLLM sends the same shape (bytes always, encoded from the decoded
//   token with errors="replace"; the token "token_id:<id>" with --return-tokens-as-token-ids;
//   logprob clamped at -9999.0). llama.cpp's server adds "id" to each token and sends "bytes"
//   always. Members pogen does not read (id, refusal) are ignored.
// - Some proxies (OpenRouter, LiteLLM in some modes) answer 200 with an error object instead of
//   a completion; the message then says so instead of only "choices: missing".
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "llm/json_read.hpp"
#include "llm/protocol.hpp"

namespace pogen::llm {

namespace {

using nlohmann::json;

constexpr std::size_t kExcerptBytes = 200;

struct ParseError {
  std::string message;
};

std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer (" + value.dump() + ")";
    case json::value_t::number_float:
      return "a number (" + value.dump() + ")";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "an unexpected value";
  }
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw ParseError{path + ": " + what};
}

[[noreturn]] void wrong_type(const std::string& path, const char* expected, const json& found) {
  fail(path, std::string("expected ") + expected + ", got " + describe(found));
}

std::string join(const std::string& path, const char* key) {
  return path.empty() ? std::string(key) : path + "." + key;
}

const json& member(const json& object, const char* key, const std::string& parent) {
  const auto it = object.find(key);
  if (it == object.end()) fail(join(parent, key), "missing");
  return *it;
}

const json& object_at(const json& object, const char* key, const std::string& parent) {
  const json& value = member(object, key, parent);
  if (!value.is_object()) wrong_type(join(parent, key), "an object", value);
  return value;
}

std::string string_at(const json& object, const char* key, const std::string& parent) {
  const json& value = member(object, key, parent);
  if (!value.is_string()) wrong_type(join(parent, key), "a string", value);
  return value.get<std::string>();
}

std::int64_t count_at(const json& object, const char* key, const std::string& parent) {
  const json& value = member(object, key, parent);
  if (!value.is_number_integer()) wrong_type(join(parent, key), "an integer", value);
  if (value.is_number_unsigned()) return static_cast<std::int64_t>(value.get<std::uint64_t>());
  const auto count = value.get<std::int64_t>();
  if (count < 0) wrong_type(join(parent, key), "a non-negative integer", value);
  return count;
}

double number_at(const json& object, const char* key, const std::string& parent) {
  const json& value = member(object, key, parent);
  if (!value.is_number()) wrong_type(join(parent, key), "a number", value);
  return value.get<double>();
}

// `bytes`: absent or null (no bytes given), or an array of integers 0..255.
std::optional<std::string> bytes_at(const json& object, const std::string& parent) {
  const auto it = object.find("bytes");
  if (it == object.end() || it->is_null()) return std::nullopt;
  const std::string path = join(parent, "bytes");
  if (!it->is_array()) wrong_type(path, "an array of bytes or null", *it);
  std::string bytes;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& byte = (*it)[i];
    if (!byte.is_number_integer() || byte.get<std::int64_t>() < 0 ||
        byte.get<std::int64_t>() > 255) {
      wrong_type(path + "[" + std::to_string(i) + "]", "an integer 0..255", byte);
    }
    bytes += static_cast<char>(byte.get<int>());
  }
  return bytes;
}

TokenAlternative parse_alternative(const json& value, const std::string& path) {
  if (!value.is_object()) wrong_type(path, "an object", value);
  return TokenAlternative{string_at(value, "token", path), bytes_at(value, path),
                          number_at(value, "logprob", path)};
}

TokenLogprob parse_token(const json& value, const std::string& path) {
  if (!value.is_object()) wrong_type(path, "an object", value);
  TokenLogprob token;
  token.token = string_at(value, "token", path);
  token.bytes = bytes_at(value, path);
  token.logprob = number_at(value, "logprob", path);
  const auto top = value.find("top_logprobs");
  if (top != value.end() && !top->is_null()) {
    const std::string top_path = join(path, "top_logprobs");
    if (!top->is_array()) wrong_type(top_path, "an array or null", *top);
    for (std::size_t i = 0; i < top->size(); ++i) {
      token.top.push_back(parse_alternative((*top)[i], top_path + "[" + std::to_string(i) + "]"));
    }
  }
  return token;
}

// `logprobs` of a choice: nullopt for absent, null, or a null content list.
std::optional<std::vector<TokenLogprob>> parse_logprobs(const json& choice,
                                                        const std::string& parent) {
  const auto it = choice.find("logprobs");
  if (it == choice.end() || it->is_null()) return std::nullopt;
  const std::string path = join(parent, "logprobs");
  if (!it->is_object()) wrong_type(path, "an object or null", *it);
  const json& content = member(*it, "content", path);
  if (content.is_null()) return std::nullopt;
  const std::string content_path = join(path, "content");
  if (!content.is_array()) wrong_type(content_path, "an array or null", content);
  std::vector<TokenLogprob> tokens;
  tokens.reserve(content.size());
  for (std::size_t i = 0; i < content.size(); ++i) {
    tokens.push_back(parse_token(content[i], content_path + "[" + std::to_string(i) + "]"));
  }
  return tokens;
}

Choice parse_choice(const json& value, const std::string& path) {
  if (!value.is_object()) wrong_type(path, "an object", value);
  Choice choice;
  choice.index = static_cast<int>(count_at(value, "index", path));
  const std::string message_path = join(path, "message");
  const json& message = object_at(value, "message", path);
  const json& content = member(message, "content", message_path);
  if (content.is_string()) {
    choice.content = content.get<std::string>();
  } else if (!content.is_null()) {
    wrong_type(join(message_path, "content"), "a string or null", content);
  }
  choice.finish_reason = string_at(value, "finish_reason", path);
  choice.logprobs = parse_logprobs(value, path);
  return choice;
}

std::vector<Choice> parse_choices(const json& body) {
  const json& choices = member(body, "choices", "");
  if (!choices.is_array()) wrong_type("choices", "an array", choices);
  if (choices.empty()) fail("choices", "empty");
  std::vector<Choice> parsed;
  parsed.reserve(choices.size());
  for (std::size_t i = 0; i < choices.size(); ++i) {
    parsed.push_back(parse_choice(choices[i], "choices[" + std::to_string(i) + "]"));
  }
  // Servers list choices in index order, but the index is what identifies a sample.
  std::stable_sort(parsed.begin(), parsed.end(),
                   [](const Choice& a, const Choice& b) { return a.index < b.index; });
  return parsed;
}

Usage parse_usage(const json& body) {
  const json& usage = object_at(body, "usage", "");
  return Usage{count_at(usage, "prompt_tokens", "usage"),
               count_at(usage, "completion_tokens", "usage"),
               count_at(usage, "total_tokens", "usage")};
}

// nlohmann's what() starts with "[json.exception.parse_error.101] "; the rest is the useful part.
std::string parser_message(const json::parse_error& error) {
  std::string what = error.what();
  const auto close = what.find("] ");
  return close == std::string::npos ? what : what.substr(close + 2);
}

std::string not_json_message(const std::string& body, const json::parse_error& error) {
  const std::string_view excerpt = utf8_prefix(body, kExcerptBytes);
  std::string message = "body is not JSON: " + parser_message(error) + "; body (" +
                        std::to_string(body.size()) + " bytes): " + std::string(excerpt);
  if (excerpt.size() < body.size()) message += "...";
  return message;
}

// A 2xx body that carries an error object instead of a completion.
void reject_error_body(const json& body) {
  const auto error = body.find("error");
  if (error == body.end() || error->is_null()) return;
  const bool has_message =
      error->is_object() && error->contains("message") && (*error)["message"].is_string();
  const std::string text = has_message          ? (*error)["message"].get<std::string>()
                           : error->is_string() ? error->get<std::string>()
                                                : error->dump();
  fail("body", "an error instead of a completion: " + text);
}

Failure malformed(std::string message) {
  return Failure{FailureKind::malformed_response, 0, std::move(message)};
}

}  // namespace

Outcome<ChatResponse> parse_chat_response(const std::string& body) {
  if (body.empty()) return malformed("body is empty");
  json parsed;
  if (auto plain = read_plain_json(body)) {
    parsed = std::move(*plain);
  } else {
    try {
      parsed = json::parse(body);
    } catch (const json::parse_error& error) {
      return malformed(not_json_message(body, error));
    }
  }
  try {
    if (!parsed.is_object()) wrong_type("body", "an object", parsed);
    if (!parsed.contains("choices")) reject_error_body(parsed);
    ChatResponse response;
    response.id = string_at(parsed, "id", "");
    response.model = string_at(parsed, "model", "");
    response.choices = parse_choices(parsed);
    response.usage = parse_usage(parsed);
    return response;
  } catch (const ParseError& error) {
    return malformed(error.message);
  }
}

}  // namespace pogen::llm
