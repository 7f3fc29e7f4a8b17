// JSON Lines: one JSON object per line; blank lines are skipped (and still counted).
#include "prompt_files/record.hpp"

namespace pogen::io {

namespace {

class JsonlSource : public RecordSource {
 public:
  explicit JsonlSource(PromptInput& input) : input_(input) {}

  std::optional<RawRecord> next() override {
    for (;;) {
      const std::size_t line = input_.line();
      if (!input_.read_line(line_)) return std::nullopt;
      if (is_blank(line_)) continue;
      RawRecord record{line_, line, 1, {}, std::nullopt};
      parse_json_object(record);
      return record;
    }
  }

 private:
  PromptInput& input_;
  std::string line_;
};

}  // namespace

std::unique_ptr<RecordSource> make_jsonl_source(PromptInput& input) {
  return std::make_unique<JsonlSource>(input);
}

}  // namespace pogen::io
