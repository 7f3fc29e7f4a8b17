#pragma once

#include <string>

#include "chat/failure.hpp"

namespace pogen::cli {

// `not_found (HTTP 404): The model "x" does not exist.`; the HTTP part only when there was one.
std::string describe_failure(const llm::Failure& failure);

}  // namespace pogen::cli
