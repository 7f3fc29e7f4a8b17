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

// One conversion: where it reports, and which bound it passed. Passing one stops the whole
// conversion at once, so an alias bomb costs no more than the bound.
struct Conversion {
  ReadContext& context;
  enum class Bound { none, values, depth } passed = Bound::none;
};

std::optional<nlohmann::json> convert(Conversion& c, const Value& value, std::size_t depth);

std::optional<nlohmann::json> map_to_json(Conversion& c, const Value& value, std::size_t depth) {
  ReadContext& context = c.context;
  auto object = nlohmann::json::object();
  bool ok = true;
  for (auto it = value.node.begin(); it != value.node.end() && c.passed == Conversion::Bound::none;
       ++it) {
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
    auto converted = convert(c, {it->second, value.field + "." + key, line}, depth);
    if (!converted) {
      ok = false;
      continue;
    }
    object[key] = std::move(*converted);
  }
  return ok ? std::optional(std::move(object)) : std::nullopt;
}

std::optional<nlohmann::json> list_to_json(Conversion& c, const Value& value, std::size_t depth) {
  auto array = nlohmann::json::array();
  bool ok = true;
  const auto items = read_list(c.context, value);
  for (const auto& item : *items) {
    if (c.passed != Conversion::Bound::none) break;
    auto converted = convert(c, item, depth);
    ok = ok && converted.has_value();
    if (converted) array.push_back(std::move(*converted));
  }
  return ok ? std::optional(std::move(array)) : std::nullopt;
}

// `depth` is the number of mappings and lists around `value`.
std::optional<nlohmann::json> convert(Conversion& c, const Value& value, std::size_t depth) {
  if (++c.context.json_values > kMaxJsonValues) c.passed = Conversion::Bound::values;
  const bool nests = value.node.IsMap() || value.node.IsSequence();
  if (nests && depth + 1 > kMaxJsonDepth) c.passed = Conversion::Bound::depth;
  if (c.passed != Conversion::Bound::none) return std::nullopt;
  switch (value.node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar:
      if (is_quoted(value.node)) return nlohmann::json(value.node.Scalar());
      return plain_scalar_to_json(c.context, value);
    case YAML::NodeType::Map:
      return map_to_json(c, value, depth + 1);
    case YAML::NodeType::Sequence:
      break;
  }
  return list_to_json(c, value, depth + 1);
}

}  // namespace

std::optional<nlohmann::json> read_json(ReadContext& context, const Value& value) {
  Conversion conversion{context};
  auto json = convert(conversion, value, 0);
  switch (conversion.passed) {
    case Conversion::Bound::none:
      return json;
    case Conversion::Bound::values:
      context.report(value.line, value.field,
                     fmt::format("expands to more than {} values (the limit for a whole config; "
                                 "a YAML alias counts at every use)",
                                 kMaxJsonValues));
      break;
    case Conversion::Bound::depth:
      context.report(value.line, value.field,
                     fmt::format("nests deeper than {} levels (an alias used inside its own "
                                 "anchor nests forever)",
                                 kMaxJsonDepth));
      break;
  }
  return std::nullopt;
}

}  // namespace pogen::io
