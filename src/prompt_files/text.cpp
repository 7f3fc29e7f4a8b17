// Plain text: one prompt per line, taken as it is (a line cannot hold a newline); blank lines
// are skipped (and still counted).
#include "prompt_files/record.hpp"

namespace pogen::io {

namespace {

class TextSource : public RecordSource {
 public:
  TextSource(PromptInput& input, std::string prompt_field)
      : input_(input), prompt_field_(std::move(prompt_field)) {}

  std::optional<RawRecord> next() override {
    for (;;) {
      const std::size_t line = input_.line();
      if (!input_.read_line(line_)) return std::nullopt;
      if (is_blank(line_)) continue;
      RawRecord record{line_, line, 1, {}, std::nullopt};
      if (check_utf8(record)) record.fields = nlohmann::json::object({{prompt_field_, line_}});
      return record;
    }
  }

 private:
  PromptInput& input_;
  std::string prompt_field_;
  std::string line_;
};

}  // namespace

std::unique_ptr<RecordSource> make_text_source(PromptInput& input,
                                               const PromptFormatOptions& options) {
  return std::make_unique<TextSource>(input, options.prompt_field);
}

}  // namespace pogen::io
