#include "config/rules.hpp"

#include <algorithm>
#include <cctype>

namespace pogen::io {

namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

std::optional<std::string> endpoint_name_problem(std::string_view name) {
  const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return is_alnum(c) || c == '_' || c == '.' || c == '-';
  });
  if (valid) return std::nullopt;
  return quoted(name) + " is not a valid endpoint name (use letters, digits, '_', '.' and '-')";
}

std::optional<std::string> base_url_problem(std::string_view url) {
  if (url == "fake") return std::nullopt;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (url.size() > scheme.size() && url.substr(0, scheme.size()) == scheme) return std::nullopt;
  }
  return quoted(url) + " must start with http:// or https:// (or be \"fake\")";
}

std::optional<std::string> env_var_name_problem(std::string_view name) {
  const bool valid =
      !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
      std::all_of(name.begin(), name.end(), [](char c) { return is_alnum(c) || c == '_'; });
  if (valid) return std::nullopt;
  return quoted(name) +
         " is not a valid environment variable name (give the name of the variable that holds "
         "the key, not the key)";
}

std::optional<std::string> header_name_problem(std::string_view name) {
  constexpr std::string_view kTokenPunctuation = "!#$%&'*+-.^_`|~";
  const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
    return is_alnum(c) || kTokenPunctuation.find(c) != std::string_view::npos;
  });
  if (valid) return std::nullopt;
  return quoted(name) + " is not a valid header name";
}

std::string normalize_base_url(std::string_view url) {
  while (url.size() > 1 && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

}  // namespace pogen::io
