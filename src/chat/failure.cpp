#include "chat/failure.hpp"

namespace pogen::llm {

std::string describe_failure(const Failure& failure) {
  std::string out(name_of(failure.kind));
  if (failure.http_status != 0) out += " (HTTP " + std::to_string(failure.http_status) + ")";
  return out + ": " + failure.message;
}

}  // namespace pogen::llm
