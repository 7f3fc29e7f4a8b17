// A JSON array of objects, read element by element: a scanner finds where each top-level
// element ends (tracking strings and nesting), and only that element is parsed. Memory is the
// largest element, never the document, and an element with a syntax error inside it is reported
// on its own while the others are still read. What breaks the array itself (no "[", a missing
// ",", an element never closed) stops reading.
#include <cstdio>

#include "prompt_files/record.hpp"

namespace pogen::io {

namespace {

bool is_json_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// `"x"` for a printable ASCII byte, `byte 0xNN` otherwise.
std::string describe_byte(int c) {
  if (c == -1) return "the end of the file";
  if (c > 0x20 && c < 0x7F) return std::string("\"") + static_cast<char>(c) + "\"";
  char text[16];
  std::snprintf(text, sizeof text, "byte 0x%02x", c);
  return text;
}

class JsonArraySource : public RecordSource {
 public:
  explicit JsonArraySource(PromptInput& input) : input_(input) {}

  std::optional<RawRecord> next() override {
    if (state_ == State::start) open_array();
    if (state_ == State::done) return std::nullopt;
    skip_space();
    if (state_ == State::after_element && !read_separator()) return std::nullopt;
    RawRecord record;
    record.line = input_.line();
    record.column = input_.column();
    scan_element(record);
    state_ = State::after_element;
    parse_json_object(record);
    return record;
  }

 private:
  enum class State { start, first_element, after_element, done };

  void skip_space() {
    while (is_json_space(input_.peek())) input_.get();
  }

  void open_array() {
    skip_space();
    const std::size_t line = input_.line();
    const int c = input_.get();
    if (c == -1) {
      state_ = State::done;  // an empty file: no records
      return;
    }
    if (c != '[') {
      std::string message = "expected \"[\" to start a JSON array, got " + describe_byte(c);
      if (c == '{') message += " (one JSON object per line is the jsonl format)";
      fail_structure(input_, line, message);
    }
    array_line_ = line;
    skip_space();
    if (input_.peek() == ']') {
      input_.get();
      close_array();
    } else {
      state_ = State::first_element;
    }
  }

  // Consumes "," before the next element, or "]" at the end; false at the end.
  bool read_separator() {
    const std::size_t line = input_.line();
    const int c = input_.get();
    if (c == ']') {
      close_array();
      return false;
    }
    if (c == ',') {
      skip_space();
      if (input_.peek() == ']')
        fail_structure(input_, input_.line(), "invalid JSON: \",\" before \"]\"");
      return true;
    }
    if (c == -1) fail_unclosed_array();
    fail_structure(
        input_, line,
        "invalid JSON: expected \",\" or \"]\" after an array element, got " + describe_byte(c));
  }

  void close_array() {
    skip_space();
    const std::size_t line = input_.line();
    const int c = input_.get();
    if (c != -1) {
      fail_structure(input_, line,
                     "invalid JSON: " + describe_byte(c) + " after the end of the array");
    }
    state_ = State::done;
  }

  [[noreturn]] void fail_unclosed_array() {
    fail_structure(input_, array_line_,
                   "invalid JSON: the array is not closed before the end of the file");
  }

  void scan_element(RawRecord& record) {
    const int first = input_.get();
    if (first == -1) fail_unclosed_array();
    if (first == ',' || first == ']') {
      fail_structure(input_, record.line,
                     "invalid JSON: missing array element before " + describe_byte(first));
    }
    record.raw += static_cast<char>(first);
    if (first == '{' || first == '[') {
      scan_nested(record);
    } else if (first == '"') {
      scan_string(record);
    } else {
      scan_scalar(record);
    }
  }

  int take(RawRecord& record) {
    const int c = input_.get();
    if (c == -1) {
      fail_structure(input_, record.line,
                     "invalid JSON: the array element is not closed before the end of the file");
    }
    record.raw += static_cast<char>(c);
    return c;
  }

  // Brackets are only counted, not matched: the element's own parse reports a mismatch.
  void scan_nested(RawRecord& record) {
    int depth = 1;
    while (depth > 0) {
      const int c = take(record);
      if (c == '"') {
        scan_string(record);
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        --depth;
      }
    }
  }

  // After the opening quote: up to the closing one, escapes included.
  void scan_string(RawRecord& record) {
    for (;;) {
      const int c = take(record);
      if (c == '"') return;
      if (c == '\\') take(record);
    }
  }

  void scan_scalar(RawRecord& record) {
    for (;;) {
      const int c = input_.peek();
      if (c == -1 || c == ',' || c == ']' || is_json_space(c)) return;
      record.raw += static_cast<char>(input_.get());
    }
  }

  PromptInput& input_;
  State state_ = State::start;
  std::size_t array_line_ = 1;
};

}  // namespace

std::unique_ptr<RecordSource> make_json_array_source(PromptInput& input) {
  return std::make_unique<JsonArraySource>(input);
}

}  // namespace pogen::io
