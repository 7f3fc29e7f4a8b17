#include "eval/source_spec.hpp"

#include <charconv>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "core/diagnostics.hpp"

namespace pogen::eval {
namespace {

const char* const kSpecKeys[] = {"verdict", "scores", "raw", "name", "max", "order"};

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool is_spec_key(std::string_view key) {
  for (const char* known : kSpecKeys) {
    if (key == known) return true;
  }
  return false;
}

// Whether the text after a ":" is a spec rather than the rest of a file name.
bool looks_like_spec(std::string_view text) {
  const std::string_view first = split(text, ',').front();
  if (first == "judgments") return true;
  const std::size_t equals = first.find('=');
  return equals != std::string_view::npos && is_spec_key(first.substr(0, equals));
}

[[noreturn]] void fail(std::string_view flag, std::string message) {
  throw InputError(Diagnostic{"", 0, std::string(flag), std::move(message)});
}

double parse_max_score(std::string_view value, std::string_view flag) {
  double max = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), max);
  if (error != std::errc() || end != value.data() + value.size() || !(max > 0)) {
    fail(flag, fmt::format("max={}: the score scale must be a positive number", value));
  }
  return max;
}

void set_kind(SourceSpec& spec, bool& kind_set, SourceKind kind, std::string_view flag) {
  if (kind_set) fail(flag, "give one of verdict=, scores=, raw= or judgments, not several");
  spec.kind = kind;
  kind_set = true;
}

void apply_entry(SourceSpec& spec, bool& kind_set, std::string_view entry, std::string_view flag) {
  if (entry == "judgments") return set_kind(spec, kind_set, SourceKind::judgments, flag);
  const std::size_t equals = entry.find('=');
  const std::string_view key = entry.substr(0, equals);
  const std::string_view value = equals == std::string_view::npos ? "" : entry.substr(equals + 1);
  if (equals == std::string_view::npos || !is_spec_key(key)) {
    fail(flag, fmt::format("\"{}\" is not a spec entry (expected verdict=FIELD, "
                           "scores=FIELD_A/FIELD_B, raw=FIELD, judgments, name=, max= or order=AB)",
                           entry));
  }
  if (value.empty()) fail(flag, fmt::format("{}= needs a value", key));
  if (key == "verdict" || key == "raw") {
    set_kind(spec, kind_set, key == "verdict" ? SourceKind::verdict : SourceKind::raw, flag);
    spec.field = value;
  } else if (key == "scores") {
    const auto fields = split(value, '/');
    if (fields.size() != 2 || fields[0].empty() || fields[1].empty()) {
      fail(flag, fmt::format("scores={}: expected two fields as FIELD_A/FIELD_B", value));
    }
    set_kind(spec, kind_set, SourceKind::scores, flag);
    spec.field = fields[0];
    spec.field_b = fields[1];
  } else if (key == "name") {
    spec.name = value;
  } else if (key == "max") {
    spec.max_score = parse_max_score(value, flag);
  } else if (value == "AB") {
    spec.a_shown_first = true;
  } else {
    fail(flag, fmt::format("order={}: only order=AB (answer A shown first) is known", value));
  }
}

}  // namespace

SourceSpec parse_source_spec(std::string_view text, std::string_view flag) {
  SourceSpec spec;
  std::string_view path = text;
  std::string_view entries;
  const std::size_t colon = text.rfind(':');
  if (colon != std::string_view::npos && looks_like_spec(text.substr(colon + 1))) {
    path = text.substr(0, colon);
    entries = text.substr(colon + 1);
  }
  if (path.empty()) fail(flag, fmt::format("\"{}\": no file name", text));
  spec.path = path;
  bool kind_set = false;
  if (!entries.empty()) {
    for (std::string_view entry : split(entries, ',')) apply_entry(spec, kind_set, entry, flag);
  }
  if (spec.name.empty()) spec.name = std::filesystem::path(spec.path).stem().string();
  return spec;
}

std::string describe_source(const SourceSpec& spec) {
  switch (spec.kind) {
    case SourceKind::verdict:
      return "verdict field " + spec.field;
    case SourceKind::scores:
      return "scores " + spec.field + "/" + spec.field_b;
    case SourceKind::raw:
      return fmt::format("raw field {} (parse_combined, out of {})", spec.field, spec.max_score);
    case SourceKind::judgments:
      return "pogen judgments";
  }
  return "?";
}

}  // namespace pogen::eval
