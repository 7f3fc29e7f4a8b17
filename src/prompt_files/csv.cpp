// CSV with a header line (RFC 4180): fields separated by ",", a field in double quotes may hold
// ",", newlines and doubled quotes (""). CRLF line ends read as LF, inside quoted fields too.
// The header names the columns; the prompt is the column named by prompt_field, the id the one
// named by id_field when there is one. Other columns are ignored.
#include <cstddef>
#include <string>
#include <vector>

#include "prompt_files/record.hpp"

namespace pogen::io {

namespace {

class CsvSource : public RecordSource {
 public:
  CsvSource(PromptInput& input, const PromptFormatOptions& options)
      : input_(input), prompt_field_(options.prompt_field), id_field_(options.id_field) {}

  std::optional<RawRecord> next() override {
    if (!header_read_ && !read_header()) return std::nullopt;
    std::vector<std::string> cells;
    auto record = read_record(cells);
    if (!record || record->problem || !check_utf8(*record)) return record;
    if (cells.size() != columns_) {
      record->problem =
          RecordProblem{"", "expected " + std::to_string(columns_) +
                                " fields as in the header, found " + std::to_string(cells.size())};
      return record;
    }
    record->fields = nlohmann::json::object({{prompt_field_, cells[prompt_column_]}});
    if (id_column_) record->fields[id_field_] = cells[*id_column_];
    return record;
  }

 private:
  // False when the input holds no header at all (an empty file).
  bool read_header() {
    header_read_ = true;
    std::vector<std::string> names;
    auto header = read_record(names);
    if (!header) return false;
    if (!header->problem) check_utf8(*header);
    if (header->problem)
      fail_structure(input_, header->line, "CSV header: " + header->problem->message);
    columns_ = names.size();
    const auto prompt = find_column(names, prompt_field_, header->line);
    if (!prompt) {
      std::string listed;
      for (const auto& name : names) listed += (listed.empty() ? "\"" : ", \"") + name + "\"";
      fail_structure(
          input_, header->line,
          "CSV header has no \"" + prompt_field_ + "\" column (columns: " + listed + ")");
    }
    prompt_column_ = *prompt;
    id_column_ = find_column(names, id_field_, header->line);
    return true;
  }

  std::optional<std::size_t> find_column(const std::vector<std::string>& names,
                                         const std::string& wanted, std::size_t line) {
    std::optional<std::size_t> found;
    std::size_t count = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] != wanted) continue;
      if (!found) found = i;
      ++count;
    }
    if (count > 1) {
      fail_structure(
          input_, line,
          "CSV header has " + std::to_string(count) + " columns named \"" + wanted + "\"");
    }
    return found;
  }

  // The next non-blank record split into cells, reading more lines while a quoted field is
  // open; nullopt at the end of the input.
  std::optional<RawRecord> read_record(std::vector<std::string>& cells) {
    RawRecord record;
    do {
      record.line = input_.line();
      if (!input_.read_line(record.raw)) return std::nullopt;
    } while (is_blank(record.raw));
    split(record, cells);
    return record;
  }

  void split(RawRecord& record, std::vector<std::string>& cells) {
    enum class Field { start, unquoted, quoted, after_quote } state = Field::start;
    std::string cell;
    std::string more;
    const auto field = [&] { return "field " + std::to_string(cells.size() + 1); };
    const auto fail = [&](std::size_t offset, const std::string& what) {
      record.problem =
          RecordProblem{"", "invalid CSV at " + describe_position(record, offset) + ": " + what};
    };
    for (std::size_t i = 0;; ++i) {
      if (i == record.raw.size()) {
        if (state != Field::quoted) break;
        if (!input_.read_line(more)) {
          record.problem = RecordProblem{
              "", "invalid CSV: quoted " + field() + " is not closed before the end of the file"};
          return;
        }
        record.raw += '\n';
        record.raw += more;
      }
      const char c = record.raw[i];
      switch (state) {
        case Field::quoted:
          if (c != '"') {
            cell += c;
          } else if (i + 1 < record.raw.size() && record.raw[i + 1] == '"') {
            cell += '"';
            ++i;
          } else {
            state = Field::after_quote;
          }
          break;
        case Field::after_quote:
          if (c != ',') {
            return fail(i, "\"" + std::string(1, c) + "\" after the closing quote of " + field());
          }
          cells.push_back(std::move(cell));
          cell.clear();
          state = Field::start;
          break;
        case Field::start:
        case Field::unquoted:
          if (c == '"' && state == Field::start) {
            state = Field::quoted;
          } else if (c == '"') {
            return fail(i, "a quote inside unquoted " + field());
          } else if (c == ',') {
            cells.push_back(std::move(cell));
            cell.clear();
            state = Field::start;
          } else {
            cell += c;
            state = Field::unquoted;
          }
          break;
      }
    }
    cells.push_back(std::move(cell));
  }

  PromptInput& input_;
  std::string prompt_field_;
  std::string id_field_;
  bool header_read_ = false;
  std::size_t columns_ = 0;
  std::size_t prompt_column_ = 0;
  std::optional<std::size_t> id_column_;
};

}  // namespace

std::unique_ptr<RecordSource> make_csv_source(PromptInput& input,
                                              const PromptFormatOptions& options) {
  return std::make_unique<CsvSource>(input, options);
}

}  // namespace pogen::io
