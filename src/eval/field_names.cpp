#include "eval/field_names.hpp"

#include <vector>

#include <fmt/format.h>

#include "core/diagnostics.hpp"
#include "core/suggest.hpp"

namespace pogen::eval {
namespace {

[[noreturn]] void fail(std::string_view flag, std::string message) {
  throw InputError(Diagnostic{"", 0, std::string(flag), std::move(message)});
}

}  // namespace

void FieldNames::rename(std::string_view entries, std::string_view flag) {
  std::size_t start = 0;
  while (start <= entries.size()) {
    const std::size_t end = std::min(entries.find(',', start), entries.size());
    const std::string_view entry = entries.substr(start, end - start);
    start = end + 1;
    const std::size_t equals = entry.find('=');
    if (equals == std::string_view::npos || equals == 0 || equals + 1 == entry.size()) {
      fail(flag, fmt::format("\"{}\": expected NAME=FIELD, e.g. id=idx", entry));
    }
    const std::string_view name = entry.substr(0, equals);
    const std::string field(entry.substr(equals + 1));
    if (name == "id") {
      id = field;
    } else if (name == "subset") {
      subset = field;
    } else if (name == "response_a") {
      response_a = field;
    } else if (name == "response_b") {
      response_b = field;
    } else {
      const std::vector<std::string> names = {"id", "subset", "response_a", "response_b"};
      fail(flag, fmt::format("unknown field name \"{}\"{} (known: id, subset, response_a, "
                             "response_b; verdict fields are named in the source spec)",
                             name, io::did_you_mean(name, names)));
    }
  }
}

}  // namespace pogen::eval
