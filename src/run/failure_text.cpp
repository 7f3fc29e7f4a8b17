#include "run/failure_text.hpp"

#include <fmt/format.h>

namespace pogen::cli {

std::string describe_failure(const llm::Failure& failure) {
  std::string out = name_of(failure.kind);
  std::string_view message = failure.message;
  if (failure.http_status != 0) {
    const std::string status = fmt::format("HTTP {}", failure.http_status);
    out += " (" + status + ")";
    // The classifier starts its messages with the status too; say it once.
    if (message.starts_with(status + ": ")) message.remove_prefix(status.size() + 2);
  }
  return out + ": " + std::string(message);
}

}  // namespace pogen::cli
