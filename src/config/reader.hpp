#pragma once
// A validating reader over a parsed YAML document. Getters never throw: a missing required key,
// a wrong type or an out-of-range number becomes a Diagnostic (`file:line: field: message`) and
// the getter returns nothing, so one pass over the file reports every problem at once. Every key
// a getter asks for is remembered, so the keys nobody asked for are reported as unknown, with a
// "did you mean" among the known ones.
//
// A config section is one function over a MapReader:
//   reader.with_map("limits", [&](MapReader& limits) {
//     if (auto n = limits.integer("max_in_flight", Range::at_least(1))) out.max_in_flight = *n;
//   });

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "core/diagnostics.hpp"

namespace pogen::io {

// What read_json may produce in one document. YAML aliases let a few hundred bytes stand for
// billions of values ("billion laughs"), and an alias inside its own anchor for an endless
// nesting; yaml-cpp keeps an alias as a shared node, so only the conversion to JSON expands it,
// and these bounds stop it. A real extra_body holds tens of values (a guided-decoding schema
// some hundreds, a logit_bias a few thousand); 100000 convert in tens of milliseconds, and a
// JSON schema nests a dozen levels, not a hundred.
inline constexpr std::size_t kMaxJsonValues = 100'000;
inline constexpr std::size_t kMaxJsonDepth = 100;  // mappings and lists, one inside the other

// The file being read and the problems found so far.
struct ReadContext {
  std::string file;
  Diagnostics diagnostics;
  std::size_t json_values = 0;  // produced by read_json so far, against kMaxJsonValues

  void report(std::size_t line, std::string field, std::string message) {
    diagnostics.add(file, line, std::move(field), std::move(message));
  }
};

// One value in the document, with where it is: `field` is its dotted path
// (endpoints[1].limits.max_in_flight) and `line` is 1-based.
struct Value {
  YAML::Node node;
  std::string field;
  std::size_t line = 0;
};

// Bounds for the numeric getters; an unset bound is open.
struct Range {
  std::optional<double> min;
  std::optional<double> max;
  bool min_exclusive = false;  // min itself is not allowed ("greater than 0")

  static constexpr Range between(double lo, double hi) { return {lo, hi, false}; }
  static constexpr Range at_least(double lo) { return {lo, std::nullopt, false}; }
  static constexpr Range above(double lo, std::optional<double> hi = std::nullopt) {
    return {lo, hi, true};
  }
};

enum class Presence { optional, required };

// How a value is named in messages: null, a list, a mapping, or the scalar in quotes.
std::string describe(const YAML::Node& node);
// A scalar written in quotes (or tagged !!str): always a string, even when it reads like a number.
bool is_quoted(const YAML::Node& node);

// Typed reads of one value; each reports its own problem and returns nothing on failure.
std::optional<std::string> read_string(ReadContext& context, const Value& value);
std::optional<bool> read_bool(ReadContext& context, const Value& value);
std::optional<std::int64_t> read_integer(ReadContext& context, const Value& value, Range range);
std::optional<double> read_number(ReadContext& context, const Value& value, Range range);
// The elements of a list, each with its own path (`field[i]`) and line.
std::optional<std::vector<Value>> read_list(ReadContext& context, const Value& value);
// The value converted to JSON as written: plain integers stay integers, plain true/false are
// booleans, quoted scalars are strings whatever they look like. Past kMaxJsonValues (counted
// over the whole document) or kMaxJsonDepth it reports the one problem at `value` and stops.
std::optional<nlohmann::json> read_json(ReadContext& context, const Value& value);

class MapReader {
 public:
  // A value that is not a mapping is reported once and read as an empty mapping.
  MapReader(ReadContext& context, const Value& value);

  ReadContext& context() { return context_; }
  const std::string& field() const { return field_; }
  std::size_t line() const { return line_; }
  // The dotted path of a key of this mapping.
  std::string field_of(std::string_view key) const;

  // The value under `key`, which becomes known and consumed; reports a missing required key.
  std::optional<Value> get(std::string_view key, Presence presence = Presence::optional);
  // Whether the key is present; it becomes known but not consumed.
  bool has(std::string_view key);

  std::optional<std::string> string(std::string_view key, Presence presence = Presence::optional);
  std::optional<bool> boolean(std::string_view key, Presence presence = Presence::optional);
  std::optional<std::int64_t> integer(std::string_view key, Range range,
                                      Presence presence = Presence::optional);
  std::optional<double> number(std::string_view key, Range range,
                               Presence presence = Presence::optional);
  std::optional<std::vector<Value>> list(std::string_view key,
                                         Presence presence = Presence::optional);
  std::optional<nlohmann::json> json(std::string_view key, Presence presence = Presence::optional);
  // Reads a nested mapping with `read`, then reports its unknown keys. False when absent or not
  // a mapping.
  bool with_map(std::string_view key, const std::function<void(MapReader&)>& read,
                Presence presence = Presence::optional);

  // Every entry, for mappings whose keys are the user's own (headers); all become consumed.
  std::vector<std::pair<std::string, Value>> take_all();

  // A problem with this mapping as a whole, or with one of its keys.
  void report(std::string message);
  void report(std::string_view key, std::string message);
  // A problem with how several keys go together, named in the message: reported for this
  // mapping at the line of the last of them written (reading down, where it went wrong), or at
  // the mapping's line when none is written.
  void report_spanning(std::initializer_list<std::string_view> keys, std::string message);
  void report_spanning(const std::vector<std::string_view>& keys, std::string message);

  // Where `field` (a dotted path under this mapping, as in a Diagnostic: `judging.debate.rounds`,
  // `judging.judges[1].endpoint`) is written: its key's line, else the line of the closest
  // enclosing key that is written, else this mapping's line. For checks made after reading.
  std::size_t line_of_field(std::string_view field) const;

  // Reports every key no getter asked for. Call once, after reading.
  void finish();

 private:
  struct Entry {
    std::string key;
    Value value;
    bool consumed = false;
  };
  Entry* find(std::string_view key);

  ReadContext& context_;
  YAML::Node node_;
  std::string field_;
  std::size_t line_ = 0;
  bool is_map_ = false;  // when not, the type error is the only report
  std::vector<Entry> entries_;
  std::vector<std::string> known_;
};

// Reads a whole document whose top level must be a mapping, then reports its unknown keys.
void read_document(ReadContext& context, const YAML::Node& root,
                   const std::function<void(MapReader&)>& read);

}  // namespace pogen::io
