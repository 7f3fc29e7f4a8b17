// What a failed exchange means. Error bodies come in several shapes, all read here:
// - OpenAI, and servers copying it (llama.cpp server, Ollama /v1, LiteLLM, vLLM >= 0.10):
//     {"error": {"message": "...", "type": "invalid_request_error", "param": ..., "code": ...}}
//   (code is a string at OpenAI, an HTTP status number at llama.cpp and vLLM; Anthropic's 529
//   {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}} fits too);
// - vLLM before 0.10 and SGLang:
//     {"object": "error", "message": "...", "type": "BadRequestError", "param": null, "code": 400};
// - Ollama's native API and TGI: {"error": "model \"x\" not found"};
// - FastAPI (vLLM's router, many proxies): {"detail": "Not Found"} or
//     {"detail": [{"loc": [...], "msg": "...", "type": "..."}]};
// - anything else (an nginx or load-balancer HTML page, plain text): its <title>, or an excerpt.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/utf8.hpp"
#include "llm/protocol.hpp"

namespace pogen::llm {

namespace {

using nlohmann::json;

constexpr std::size_t kExcerptBytes = 200;   // of a body that is not a JSON error
constexpr std::size_t kMessageBytes = 1000;  // of the message in a JSON error

struct ErrorInfo {
  std::string message;  // the server's own words; empty when the body has none
  std::string type;     // error.type, when a string
  std::string code;     // error.code, when a string
};

std::string string_or_empty(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ErrorInfo from_error_object(const json& error) {
  return {string_or_empty(error, "message"), string_or_empty(error, "type"),
          string_or_empty(error, "code")};
}

// FastAPI's validation errors list one {"msg": ...} per problem.
std::string from_detail(const json& detail) {
  if (detail.is_string()) return detail.get<std::string>();
  if (!detail.is_array()) return detail.dump();
  std::string joined;
  for (const auto& item : detail) {
    const std::string msg = item.is_object() ? string_or_empty(item, "msg") : std::string();
    if (msg.empty()) continue;
    if (!joined.empty()) joined += "; ";
    joined += msg;
  }
  return joined.empty() ? detail.dump() : joined;
}

ErrorInfo read_error_body(const std::string& body) {
  const json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return {};
  if (const auto it = parsed.find("error"); it != parsed.end()) {
    if (it->is_object()) return from_error_object(*it);
    if (it->is_string()) return {it->get<std::string>(), "", ""};
  }
  if (const auto it = parsed.find("detail"); it != parsed.end()) return {from_detail(*it), "", ""};
  if (parsed.contains("message")) return from_error_object(parsed);
  return {};
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The server's words as one printable line of at most max_bytes (then "..."): runs of
// whitespace become one space, other control bytes and bytes that are not UTF-8 become \xNN,
// so that any body can be logged and written into records.jsonl as it was.
std::string printable_line(std::string_view text, std::size_t max_bytes) {
  std::string out;
  bool in_space = false;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      in_space = true;
      ++i;
      continue;
    }
    std::string piece;
    if (const std::size_t length = utf8_sequence_length(text, i);
        length > 0 && c >= 0x20 && c != 0x7F) {
      piece = std::string(text.substr(i, length));
      i += length;
    } else {
      piece = fmt::format("\\x{:02X}", c);
      ++i;
    }
    if (in_space && !out.empty()) piece.insert(0, 1, ' ');
    in_space = false;
    if (out.size() + piece.size() > max_bytes) return out + "...";
    out += piece;
  }
  return out;
}

// Proxies in front of a model server answer with an HTML page whose title says it all
// ("502 Bad Gateway").
std::string html_title(const std::string& body) {
  const std::string lowered = lower(body);
  const auto open = lowered.find("<title");
  if (open == std::string::npos) return {};
  const auto start = lowered.find('>', open);
  const auto close = lowered.find("</title>", open);
  if (start == std::string::npos || close == std::string::npos || close < start) return {};
  return printable_line(std::string_view(body).substr(start + 1, close - start - 1), kExcerptBytes);
}

std::string body_excerpt(const std::string& body) {
  if (std::string title = html_title(body); !title.empty()) return title;
  std::string excerpt = printable_line(body, kExcerptBytes);
  return excerpt.empty() ? "(empty body)" : excerpt;
}

bool says_context_exceeded(const ErrorInfo& error) {
  if (error.code == "context_length_exceeded" || error.type == "exceed_context_size_error") {
    return true;
  }
  const std::string message = lower(error.message);
  // OpenAI and vLLM: "This model's maximum context length is 4096 tokens. However, ...";
  // vLLM: "The prompt (total length 25938) is too long to fit into the model (context length
  // 4096)" and "... is longer than the maximum model length of 4096"; llama.cpp: "the request
  // exceeds the available context size. try increasing ...", "request (4390 tokens) exceeds the
  // available context size (4096 tokens)", or (with status 500) "Context size has been
  // exceeded."; SGLang: "The input (61709 tokens) is longer than the model's context length
  // (40960 tokens)." and "Input length (160062 tokens) exceeds the maximum allowed length".
  for (const char* phrase :
       {"maximum context length", "context length exceeded", "context_length_exceeded",
        "exceeds the available context size", "context size has been exceeded",
        "too long to fit into the model", "maximum model length", "model's context length",
        "exceeds the maximum allowed length"}) {
    if (message.find(phrase) != std::string::npos) return true;
  }
  return false;
}

bool says_content_policy(const ErrorInfo& error) {
  return error.code == "content_filter" || error.code == "content_policy_violation";
}

bool is_quota(const ErrorInfo& error) {
  return error.code == "insufficient_quota" || error.type == "insufficient_quota";
}

Classification classify_transport(const http::HttpResponse& response) {
  const auto with_detail = [&](const char* what) {
    return response.transport_message.empty()
               ? std::string(what)
               : std::string(what) + ": " + response.transport_message;
  };
  switch (response.transport) {
    case http::TransportError::timeout:
      return {FailureKind::timeout, true, with_detail("timed out")};
    case http::TransportError::connect:
      return {FailureKind::connection, true, with_detail("could not connect")};
    case http::TransportError::reset:
      return {FailureKind::connection, true, with_detail("connection dropped")};
    default:
      return {FailureKind::connection, true, with_detail("transport error")};
  }
}

// The kind and retry policy that the status alone implies (DESIGN.md, failure policy 2).
Classification classify_status(long status) {
  switch (status) {
    case 408:
      return {FailureKind::timeout, true, {}};
    case 409:  // a conflict is usually transient; invalid_request if it persists
      return {FailureKind::invalid_request, true, {}};
    case 429:
      return {FailureKind::rate_limited, true, {}};
    case 503:
    case 529:
      return {FailureKind::overloaded, true, {}};
    case 401:
    case 403:
      return {FailureKind::auth, false, {}};
    case 404:
      return {FailureKind::not_found, false, {}};
    default:
      break;
  }
  if (status >= 500 && status < 600) return {FailureKind::server_error, true, {}};
  if (status >= 400 && status < 500) return {FailureKind::invalid_request, false, {}};
  return {FailureKind::server_error, false, {}};  // 1xx-3xx: nothing here to retry
}

}  // namespace

Classification classify_failure(const http::HttpResponse& response) {
  if (response.transport_failed()) return classify_transport(response);

  const ErrorInfo error = read_error_body(response.body);
  // Only the server's words: the status is kept beside them (Failure::http_status) and said
  // once, by describe_failure.
  const std::string server_says = error.message.empty()
                                      ? body_excerpt(response.body)
                                      : printable_line(error.message, kMessageBytes);

  Classification result = classify_status(response.status);
  result.message = server_says;
  if (response.status == 429 && is_quota(error)) {
    // Waiting does not refill a quota: retrying would only burn the retry budget.
    return {FailureKind::rate_limited, false, "quota exhausted: " + server_says};
  }
  if (response.status >= 400 && says_context_exceeded(error)) {
    return {FailureKind::context_length, false, result.message};
  }
  if (response.status >= 400 && says_content_policy(error)) {
    return {FailureKind::content_filter, false, result.message};
  }
  // llama.cpp answers some malformed requests with 500; retrying them cannot help.
  if (response.status >= 500 && error.type == "invalid_request_error") {
    return {FailureKind::invalid_request, false, result.message};
  }
  return result;
}

}  // namespace pogen::llm
