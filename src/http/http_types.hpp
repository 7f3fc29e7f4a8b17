#pragma once
// Plain HTTP request/response records exchanged with the event loop. Knows nothing of JSON.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace pogen::http {

struct Timeouts {
  std::chrono::milliseconds connect{10'000};
  std::chrono::milliseconds total{600'000};
  // Abort when no byte arrives for this long (curl's low-speed limit of 1 byte/s).
  std::chrono::milliseconds low_speed{120'000};
};

struct HttpRequest {
  std::string method = "POST";  // "GET" or "POST"
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  Timeouts timeouts;
};

enum class TransportError {
  none,
  connect,  // could not connect (refused, DNS, TLS handshake)
  timeout,  // connect, total or low-speed timeout
  reset,    // connection dropped or reset, including mid-body
  other,
};

struct HttpResponse {
  long status = 0;  // 0 when the transport failed before a status line
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  TransportError transport = TransportError::none;
  std::string transport_message;  // curl's error text, empty when transport is none
  Duration elapsed{};

  bool transport_failed() const { return transport != TransportError::none; }
  // First header with this (lower-case) name.
  std::optional<std::string_view> header(std::string_view lower_name) const;
};

}  // namespace pogen::http
