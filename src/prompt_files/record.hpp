#pragma once
// The seam between the file formats and the prompt rules: each format turns its input into
// records (a JSON object of fields, or what is wrong with the record), one at a time, and
// knows nothing about conversations or ids.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "prompt_files/format.hpp"
#include "prompt_files/input.hpp"

namespace pogen::io {

struct RecordProblem {
  std::string field;  // empty when the record as a whole is at fault
  std::string message;
};

struct RawRecord {
  std::string raw;       // the record's bytes as read
  std::size_t line = 1;  // where raw starts
  std::size_t column = 1;
  nlohmann::json fields;  // an object, when problem is empty
  std::optional<RecordProblem> problem;
};

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // The next record, or nullopt at the end. Throws InputError when the rest of the input cannot
  // be split into records (a CSV header without the prompt column, a broken JSON array).
  virtual std::optional<RawRecord> next() = 0;
};

std::unique_ptr<RecordSource> make_jsonl_source(PromptInput& input);
std::unique_ptr<RecordSource> make_json_array_source(PromptInput& input);
std::unique_ptr<RecordSource> make_text_source(PromptInput& input,
                                               const PromptFormatOptions& options);
std::unique_ptr<RecordSource> make_csv_source(PromptInput& input,
                                              const PromptFormatOptions& options);

// Helpers shared by the formats.

// Whether text holds nothing but ASCII whitespace (blank lines are skipped; blank prompts are
// errors).
bool is_blank(std::string_view text);

// "a string", "an integer", "an array", ...: what a JSON value is, for messages.
std::string describe_json_type(const nlohmann::json& value);
// Where byte `offset` of record.raw is: "column C" on the record's first line, else
// "line L, column C" (columns count bytes from 1).
std::string describe_position(const RawRecord& record, std::size_t offset);
// Sets record.problem when record.raw is not valid UTF-8; returns whether it is valid.
bool check_utf8(RawRecord& record);
// Parses record.raw as one JSON object into record.fields, or sets record.problem.
void parse_json_object(RawRecord& record);
// Throws InputError for a problem that stops reading the input.
[[noreturn]] void fail_structure(const PromptInput& input, std::size_t line, std::string message);

}  // namespace pogen::io
