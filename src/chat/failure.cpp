#include "chat/failure.hpp"

#include <array>

namespace pogen::llm {

namespace {
// The names are the enumerator names: they appear in records.jsonl and configs, so they are
// part of the output format.
constexpr std::array<std::pair<FailureKind, const char*>, 13> kKindNames{{
    {FailureKind::rate_limited, "rate_limited"},
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
    {FailureKind::malformed_response, "malformed_response"},
}};
}  // namespace

const char* failure_kind_name(FailureKind kind) {
  for (const auto& [value, name] : kKindNames) {
    if (value == kind) return name;
  }
  return "unknown";
}

std::optional<FailureKind> parse_failure_kind(std::string_view name) {
  for (const auto& [value, kind_name] : kKindNames) {
    if (name == kind_name) return value;
  }
  return std::nullopt;
}

}  // namespace pogen::llm
