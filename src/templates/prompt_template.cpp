#include "templates/prompt_template.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/diagnostics.hpp"
#include "templates/untrusted.hpp"

namespace pogen::pipeline {
namespace {

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";

std::size_t line_at(const std::string& text, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

std::string join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Calls on_literal(text) and on_placeholder(name, offset) in order over the template text.
template <typename Literal, typename Placeholder>
void scan(const std::string& text, Literal on_literal, Placeholder on_placeholder) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto open = text.find(kOpen, pos);
    if (open == std::string::npos) {
      on_literal(std::string_view(text).substr(pos));
      return;
    }
    on_literal(std::string_view(text).substr(pos, open - pos));
    auto close = text.find(kClose, open + kOpen.size());
    on_placeholder(
        close == std::string::npos
            ? std::string_view()
            : std::string_view(text).substr(open + kOpen.size(), close - open - kOpen.size()),
        open, close == std::string::npos);
    if (close == std::string::npos) return;
    pos = close + kClose.size();
  }
}

}  // namespace

PromptTemplate parse_template(std::string path, std::string text,
                              const std::set<std::string>& allowed) {
  PromptTemplate tmpl{std::move(path), std::move(text), {}};
  Diagnostics problems;
  scan(
      tmpl.text, [](std::string_view) {},
      [&](std::string_view name, std::size_t offset, bool unclosed) {
        auto line = line_at(tmpl.text, offset);
        if (unclosed) {
          problems.add(tmpl.path, line, "", "unclosed {{");
        } else if (!allowed.contains(std::string(name))) {
          problems.add(
              tmpl.path, line, "",
              "unknown placeholder {{" + std::string(name) + "}} (allowed: " + join(allowed) + ")");
        } else {
          tmpl.placeholders.insert(std::string(name));
        }
      });
  problems.throw_if_any();
  return tmpl;
}

PromptTemplate load_template(const std::string& path, const std::set<std::string>& allowed) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(Diagnostic{path, 0, "", std::string("cannot read: ") + std::strerror(errno)});
  std::ostringstream text;
  text << in.rdbuf();
  return parse_template(path, text.str(), allowed);
}

std::string render(const PromptTemplate& tmpl, const std::map<std::string, std::string>& values) {
  // The values the template substitutes: the boundary id is derived from them and must be
  // absent from each of them.
  std::map<std::string, std::string> used;
  bool untrusted_text = false;
  for (const auto& name : tmpl.placeholders) {
    auto it = values.find(name);
    if (it == values.end()) {
      throw std::logic_error("template " + tmpl.path + ": no value for {{" + name + "}}");
    }
    used.insert(*it);
    untrusted_text |= is_untrusted_placeholder(name) && !it->second.empty();
  }
  const std::string id = untrusted_text ? boundary_id(tmpl.text, used) : std::string();
  std::string out;
  out.reserve(tmpl.text.size());
  scan(
      tmpl.text, [&](std::string_view literal) { out += literal; },
      [&](std::string_view name, std::size_t, bool) {
        const std::string& value = used.at(std::string(name));
        out += is_untrusted_placeholder(name) ? delimit(name, id, value) : value;
      });
  return out;
}

}  // namespace pogen::pipeline
