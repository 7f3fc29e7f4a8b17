#include "chat/chat.hpp"

#include <array>
#include <utility>

namespace pogen::llm {

namespace {
constexpr std::array<std::pair<Role, const char*>, 3> kRoleNames{{
    {Role::system, "system"},
    {Role::user, "user"},
    {Role::assistant, "assistant"},
}};
}  // namespace

const char* role_name(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "unknown";
}

std::optional<Role> parse_role(std::string_view name) {
  for (const auto& [value, role] : kRoleNames) {
    if (name == role) return value;
  }
  return std::nullopt;
}

}  // namespace pogen::llm
