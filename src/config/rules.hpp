#pragma once
// The rules a single config value must follow, shared by the config file and the command-line
// flags that stand in for it (`pogen chat --base-url ...`). Each returns the problem in words, or
// nothing when the value is fine.

#include <optional>
#include <string>
#include <string_view>

namespace pogen::io {

// [A-Za-z0-9_.-]+
std::optional<std::string> endpoint_name_problem(std::string_view name);
// http://..., https://... or the word fake.
std::optional<std::string> base_url_problem(std::string_view url);
// [A-Za-z_][A-Za-z0-9_]*: the name of the variable, never the key itself.
std::optional<std::string> env_var_name_problem(std::string_view name);
// An HTTP header name (RFC 9110 token).
std::optional<std::string> header_name_problem(std::string_view name);

// The base URL as requests will use it: without trailing slashes.
std::string normalize_base_url(std::string_view url);

}  // namespace pogen::io
