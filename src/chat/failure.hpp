#pragma once
// Why an LLM call produced no usable answer. Every failure keeps the server's own message and
// HTTP status so that records.jsonl says what really happened.

#include <optional>
#include <string>
#include <string_view>
#include "core/enum_names.hpp"
#include "core/result.hpp"

namespace pogen::llm {

enum class FailureKind {
  rate_limited,        // 429
  overloaded,          // 503, 529
  server_error,        // other 5xx
  timeout,             // connect, total or low-speed timeout; 408
  connection,          // refused, reset, dropped mid-body
  invalid_request,     // 400, 409 after retries, 422, 5xx with type invalid_request_error
  auth,                // 401, 403
  not_found,           // 404 (unknown model or wrong base URL)
  context_length,      // the prompt does not fit the model's context
  content_filter,      // finish_reason content_filter, or a provider's content-policy error
  truncated,           // finish_reason length
  empty,               // null or empty content
  malformed_response,  // a 2xx body that is not a valid chat completion
};
// The names are the enumerator names: they appear in records.jsonl and configs, so they are
// part of the output format.
inline constexpr EnumNames<FailureKind, 13> kFailureKindNames{
    {{{FailureKind::rate_limited, "rate_limited"},
      {FailureKind::overloaded, "overloaded"},
      {FailureKind::server_error, "server_error"},
      {FailureKind::timeout, "timeout"},
      {FailureKind::connection, "connection"},
      {FailureKind::invalid_request, "invalid_request"},
      {FailureKind::auth, "auth"},
      {FailureKind::not_found, "not_found"},
      {FailureKind::context_length, "context_length"},
      {FailureKind::content_filter, "content_filter"},
      {FailureKind::truncated, "truncated"},
      {FailureKind::empty, "empty"},
      {FailureKind::malformed_response, "malformed_response"}}}};
constexpr const auto& enum_names(FailureKind) { return kFailureKindNames; }

struct Failure {
  FailureKind kind = FailureKind::server_error;
  long http_status = 0;  // 0 when no HTTP status was received
  std::string message;
  int attempts = 1;  // requests sent, retries included
};

// The one text of a failure, wherever it is written (records, rejects, logs, summaries):
// `server_error (HTTP 500): upstream exploded`, or `timeout: ...` when no status was received.
// The message is the server's own words; the status is said here, once.
std::string describe_failure(const Failure& failure);

// A call's answer, or why there is none.
template <typename T>
using Outcome = Result<T, Failure>;

}  // namespace pogen::llm
