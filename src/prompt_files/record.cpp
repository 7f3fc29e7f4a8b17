#include "prompt_files/record.hpp"

#include <algorithm>
#include <cstdio>

#include "core/diagnostics.hpp"
#include "prompt_files/utf8.hpp"

namespace pogen::io {

namespace {

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 7: " prefix, whose position is relative to the record, not to the file.
std::string parser_message(const nlohmann::json::parse_error& error) {
  const std::string what = error.what();
  const auto column = what.find("column ");
  const auto colon = column == std::string::npos ? column : what.find(": ", column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

}  // namespace

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

std::string describe_json_type(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "an integer";
    case nlohmann::json::value_t::number_float:
      return "a floating-point number";
    default:
      return value.type_name();
  }
}

std::string describe_position(const RawRecord& record, std::size_t offset) {
  const std::string_view before = std::string_view(record.raw).substr(0, offset);
  const auto newlines = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  if (newlines == 0) return "column " + std::to_string(record.column + offset);
  const std::size_t line_start = before.rfind('\n') + 1;
  return "line " + std::to_string(record.line + newlines) + ", column " +
         std::to_string(offset - line_start + 1);
}

bool check_utf8(RawRecord& record) {
  const auto bad = find_invalid_utf8(record.raw);
  if (!bad) return true;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned char>(record.raw[*bad]));
  record.problem = RecordProblem{
      "", "invalid UTF-8 at " + describe_position(record, *bad) + " (byte " + byte + ")"};
  return false;
}

void parse_json_object(RawRecord& record) {
  if (!check_utf8(record)) return;
  try {
    record.fields = nlohmann::json::parse(record.raw);
  } catch (const nlohmann::json::parse_error& error) {
    const std::size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    record.problem = RecordProblem{
        "", "invalid JSON at " + describe_position(record, offset) + ": " + parser_message(error)};
    return;
  }
  if (!record.fields.is_object()) {
    record.problem =
        RecordProblem{"", "expected a JSON object, got " + describe_json_type(record.fields)};
  }
}

void fail_structure(const PromptInput& input, std::size_t line, std::string message) {
  throw InputError(Diagnostic{input.display_name(), line, "", std::move(message)});
}

}  // namespace pogen::io
