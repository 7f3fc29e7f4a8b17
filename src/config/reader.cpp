#include "config/reader.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "config/scalar.hpp"
#include "core/suggest.hpp"

namespace pogen::io {

namespace {

std::size_t line_of(const YAML::Node& node, std::size_t fallback) {
  const int line = node.Mark().line;
  return line >= 0 ? static_cast<std::size_t>(line) + 1 : fallback;
}

// The line of the path `rest` (`.key`, `[i]`, ... from `node` down) as far as it is written.
std::size_t line_in(const YAML::Node& node, std::string_view rest, std::size_t line) {
  if (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
  if (rest.empty()) return line;
  if (rest.front() == '[') {
    const std::size_t close = rest.find(']');
    std::size_t index = 0;
    const auto digits = rest.substr(1, close == std::string_view::npos ? 0 : close - 1);
    const auto [stop, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (close == std::string_view::npos || error != std::errc() || !node.IsSequence() ||
        index >= node.size()) {
      return line;
    }
    const YAML::Node item = node[index];
    return line_in(item, rest.substr(close + 1), line_of(item, line));
  }
  const std::size_t end = rest.find_first_of(".[");
  const std::string_view key = rest.substr(0, end);
  if (!node.IsMap()) return line;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) {
      return line_in(it->second, end == std::string_view::npos ? "" : rest.substr(end),
                     line_of(it->first, line));
    }
  }
  return line;
}

std::string format_bound(double bound) { return fmt::format("{}", bound); }

// `must be between 1 and 100, got 0` and its one-sided variants.
std::string range_message(const Range& range, std::string_view got) {
  std::string lower;
  if (range.min) {
    lower = (range.min_exclusive ? "greater than " : "at least ") + format_bound(*range.min);
  }
  std::string rule;
  if (range.min && range.max && !range.min_exclusive) {
    rule = "between " + format_bound(*range.min) + " and " + format_bound(*range.max);
  } else if (range.min && range.max) {
    rule = lower + " and at most " + format_bound(*range.max);
  } else if (range.min) {
    rule = lower;
  } else {
    rule = "at most " + format_bound(range.max.value_or(0));
  }
  return "must be " + rule + ", got " + std::string(got);
}

bool in_range(const Range& range, double x) {
  if (range.min && (range.min_exclusive ? x <= *range.min : x < *range.min)) return false;
  return !range.max || x <= *range.max;
}

// The type error for a scalar that should have been a number or a boolean; a quoted "32" is
// called out, since it looks right and is not.
void report_not(ReadContext& context, const Value& value, std::string_view expected,
                bool would_parse_unquoted) {
  std::string got = describe(value.node);
  if (would_parse_unquoted && is_quoted(value.node)) got = "a quoted string " + got;
  context.report(value.line, value.field, fmt::format("expected {}, got {}", expected, got));
}

}  // namespace

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "null";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      break;
  }
  return "\"" + node.Scalar() + "\"";
}

bool is_quoted(const YAML::Node& node) {
  return node.IsScalar() && (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str");
}

std::optional<std::string> read_string(ReadContext& context, const Value& value) {
  if (value.node.IsScalar()) return value.node.Scalar();
  context.report(value.line, value.field, "expected a string, got " + describe(value.node));
  return std::nullopt;
}

std::optional<bool> read_bool(ReadContext& context, const Value& value) {
  if (value.node.IsScalar()) {
    auto parsed = parse_bool(value.node.Scalar());
    if (parsed && !is_quoted(value.node)) return parsed;
    report_not(context, value, "true or false", parsed.has_value());
    return std::nullopt;
  }
  report_not(context, value, "true or false", false);
  return std::nullopt;
}

std::optional<std::int64_t> read_integer(ReadContext& context, const Value& value, Range range) {
  const std::string text = value.node.IsScalar() ? value.node.Scalar() : std::string();
  if (!value.node.IsScalar() || !looks_like_integer(text) || is_quoted(value.node)) {
    report_not(context, value, "an integer", looks_like_integer(text));
    return std::nullopt;
  }
  auto parsed = parse_integer(text);
  if (!parsed || !in_range(range, static_cast<double>(*parsed))) {
    context.report(value.line, value.field, range_message(range, text));
    return std::nullopt;
  }
  return parsed;
}

std::optional<double> read_number(ReadContext& context, const Value& value, Range range) {
  const std::string text = value.node.IsScalar() ? value.node.Scalar() : std::string();
  auto parsed = parse_decimal(text);
  if (!value.node.IsScalar() || !parsed || is_quoted(value.node)) {
    report_not(context, value, "a number", parsed.has_value());
    return std::nullopt;
  }
  if (!in_range(range, *parsed)) {
    context.report(value.line, value.field, range_message(range, text));
    return std::nullopt;
  }
  return parsed;
}

std::optional<std::vector<Value>> read_list(ReadContext& context, const Value& value) {
  if (!value.node.IsSequence()) {
    context.report(value.line, value.field, "expected a list, got " + describe(value.node));
    return std::nullopt;
  }
  std::vector<Value> items;
  for (std::size_t i = 0; i < value.node.size(); ++i) {
    const YAML::Node item = value.node[i];
    items.push_back({item, fmt::format("{}[{}]", value.field, i), line_of(item, value.line)});
  }
  return items;
}

MapReader::MapReader(ReadContext& context, const Value& value)
    : context_(context), node_(value.node), field_(value.field), line_(value.line) {
  if (!value.node.IsMap()) {
    context_.report(line_, field_, "expected a mapping, got " + describe(value.node));
    return;
  }
  is_map_ = true;
  for (auto it = value.node.begin(); it != value.node.end(); ++it) {
    const std::size_t line = line_of(it->first, line_);
    if (!it->first.IsScalar()) {
      context_.report(line, field_, "keys must be strings, got " + describe(it->first));
      continue;
    }
    std::string key = it->first.Scalar();
    if (const Entry* first = find(key)) {
      context_.report(
          line, field_,
          fmt::format("duplicate key \"{}\" (first at line {})", key, first->value.line));
      continue;
    }
    entries_.push_back({key, {it->second, field_of(key), line}});
  }
}

std::string MapReader::field_of(std::string_view key) const {
  return field_.empty() ? std::string(key) : field_ + "." + std::string(key);
}

MapReader::Entry* MapReader::find(std::string_view key) {
  auto it =
      std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; });
  return it == entries_.end() ? nullptr : &*it;
}

bool MapReader::has(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  return find(key) != nullptr;
}

std::optional<Value> MapReader::get(std::string_view key, Presence presence) {
  has(key);
  Entry* entry = find(key);
  if (!entry) {
    if (presence == Presence::required && is_map_) {
      context_.report(line_, field_, fmt::format("missing required key \"{}\"", key));
    }
    return std::nullopt;
  }
  entry->consumed = true;
  return entry->value;
}

std::optional<std::string> MapReader::string(std::string_view key, Presence presence) {
  auto value = get(key, presence);
  return value ? read_string(context_, *value) : std::nullopt;
}

std::optional<bool> MapReader::boolean(std::string_view key, Presence presence) {
  auto value = get(key, presence);
  return value ? read_bool(context_, *value) : std::nullopt;
}

std::optional<std::int64_t> MapReader::integer(std::string_view key, Range range,
                                               Presence presence) {
  auto value = get(key, presence);
  return value ? read_integer(context_, *value, range) : std::nullopt;
}

std::optional<double> MapReader::number(std::string_view key, Range range, Presence presence) {
  auto value = get(key, presence);
  return value ? read_number(context_, *value, range) : std::nullopt;
}

std::optional<std::vector<Value>> MapReader::list(std::string_view key, Presence presence) {
  auto value = get(key, presence);
  return value ? read_list(context_, *value) : std::nullopt;
}

std::optional<nlohmann::json> MapReader::json(std::string_view key, Presence presence) {
  auto value = get(key, presence);
  return value ? read_json(context_, *value) : std::nullopt;
}

bool MapReader::with_map(std::string_view key, const std::function<void(MapReader&)>& read,
                         Presence presence) {
  auto value = get(key, presence);
  if (!value) return false;
  if (!value->node.IsMap()) {
    context_.report(value->line, value->field, "expected a mapping, got " + describe(value->node));
    return false;
  }
  MapReader nested(context_, *value);
  read(nested);
  nested.finish();
  return true;
}

std::vector<std::pair<std::string, Value>> MapReader::take_all() {
  std::vector<std::pair<std::string, Value>> all;
  for (auto& entry : entries_) {
    entry.consumed = true;
    all.emplace_back(entry.key, entry.value);
  }
  return all;
}

void MapReader::report(std::string message) { context_.report(line_, field_, std::move(message)); }

void MapReader::report(std::string_view key, std::string message) {
  const Entry* entry = find(key);
  context_.report(entry ? entry->value.line : line_, entry ? entry->value.field : field_of(key),
                  std::move(message));
}

void MapReader::report_spanning(std::initializer_list<std::string_view> keys, std::string message) {
  report_spanning(std::vector<std::string_view>(keys), std::move(message));
}

void MapReader::report_spanning(const std::vector<std::string_view>& keys, std::string message) {
  std::size_t line = 0;
  for (std::string_view key : keys) {
    if (const Entry* entry = find(key)) line = std::max(line, entry->value.line);
  }
  context_.report(line > 0 ? line : line_, field_, std::move(message));
}

std::size_t MapReader::line_of_field(std::string_view field) const {
  if (field.substr(0, field_.size()) != field_) return line_;
  field.remove_prefix(field_.size());
  if (!field_.empty() && !field.empty() && field.front() != '.' && field.front() != '[') {
    return line_;  // judging_x is not under judging
  }
  return line_in(node_, field, line_);
}

void MapReader::finish() {
  for (const auto& entry : entries_) {
    if (entry.consumed) continue;
    context_.report(
        entry.value.line, field_,
        fmt::format("unknown key \"{}\"{}", entry.key, did_you_mean(entry.key, known_)));
  }
}

void read_document(ReadContext& context, const YAML::Node& root,
                   const std::function<void(MapReader&)>& read) {
  if (root.IsNull()) {
    context.report(0, "", "expected a mapping, got an empty document");
    return;
  }
  if (!root.IsMap()) {
    context.report(line_of(root, 1), "", "expected a mapping, got " + describe(root));
    return;
  }
  MapReader reader(context, {root, "", line_of(root, 1)});
  read(reader);
  reader.finish();
}

}  // namespace pogen::io
