// YAML to JSON for free-form config values (extra_body), converted as written so a request body
// carries exactly what the user meant: 1 is an integer, 1.0 a float, "1" a string.

#include <fmt/format.h>

#include "config/reader.hpp"
#include "config/scalar.hpp"

namespace pogen::io {

namespace {

std::optional<nlohmann::json> plain_scalar_to_json(ReadContext& context, const Value& value) {
  const std::string& text = value.node.Scalar();
  if (auto b = parse_bool(text)) return nlohmann::json(*b);
  if (is_null_word(text)) return nlohmann::json(nullptr);
  if (looks_like_integer(text)) {
    if (auto i = parse_integer(text)) return nlohmann::json(*i);
    context.report(value.line, value.field, "integer out of range: " + text);
    return std::nullopt;
  }
  if (auto d = parse_decimal(text)) return nlohmann::json(*d);
  return nlohmann::json(text);
}

std::optional<nlohmann::json> map_to_json(ReadContext& context, const Value& value) {
  auto object = nlohmann::json::object();
  bool ok = true;
  for (auto it = value.node.begin(); it != value.node.end(); ++it) {
    const std::size_t line = it->first.Mark().line >= 0
                                 ? static_cast<std::size_t>(it->first.Mark().line) + 1
                                 : value.line;
    if (!it->first.IsScalar()) {
      context.report(line, value.field, "keys must be strings, got " + describe(it->first));
      ok = false;
      continue;
    }
    const std::string key = it->first.Scalar();
    if (object.contains(key)) {
      context.report(line, value.field, fmt::format("duplicate key \"{}\"", key));
      ok = false;
      continue;
    }
    auto converted = read_json(context, {it->second, value.field + "." + key, line});
    if (!converted) {
      ok = false;
      continue;
    }
    object[key] = std::move(*converted);
  }
  return ok ? std::optional(std::move(object)) : std::nullopt;
}

}  // namespace

std::optional<nlohmann::json> read_json(ReadContext& context, const Value& value) {
  switch (value.node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar:
      if (is_quoted(value.node)) return nlohmann::json(value.node.Scalar());
      return plain_scalar_to_json(context, value);
    case YAML::NodeType::Map:
      return map_to_json(context, value);
    case YAML::NodeType::Sequence:
      break;
  }
  auto array = nlohmann::json::array();
  bool ok = true;
  const auto items = read_list(context, value);
  for (const auto& item : *items) {
    auto converted = read_json(context, item);
    ok = ok && converted.has_value();
    if (converted) array.push_back(std::move(*converted));
  }
  return ok ? std::optional(std::move(array)) : std::nullopt;
}

}  // namespace pogen::io
