#include "prompt_files/reader.hpp"

#include <algorithm>
#include <cctype>

#include "prompt_files/convert.hpp"
#include "prompt_files/ids.hpp"
#include "prompt_files/input.hpp"
#include "prompt_files/record.hpp"

namespace pogen::io {

namespace {

using Format = PromptFormatOptions::Format;

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::string lower_extension(std::string_view path) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  std::string extension(path.substr(dot));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

std::unique_ptr<RecordSource> make_source(Format format, PromptInput& input,
                                          const PromptFormatOptions& options) {
  switch (format) {
    case Format::json:
      return make_json_array_source(input);
    case Format::text:
      return make_text_source(input, options);
    case Format::csv:
      return make_csv_source(input, options);
    default:
      return make_jsonl_source(input);
  }
}

PromptRejected reject(const std::string& source, RawRecord& record, RecordProblem problem) {
  return {source, record.line, std::move(problem.field), std::move(problem.message),
          std::move(record.raw)};
}

bool has_system_turn(const std::vector<llm::Message>& messages) {
  return std::any_of(messages.begin(), messages.end(),
                     [](const llm::Message& m) { return m.role == llm::Role::system; });
}

}  // namespace

Format detect_prompt_format(std::string_view path, int first_nonspace_byte) {
  const std::string extension = lower_extension(path);
  if (extension == ".jsonl" || extension == ".ndjson") return Format::jsonl;
  if (extension == ".json") return Format::json;
  if (extension == ".txt") return Format::text;
  if (extension == ".csv") return Format::csv;
  if (first_nonspace_byte == '[') return Format::json;
  if (first_nonspace_byte == '{') return Format::jsonl;
  return Format::text;
}

struct PromptReader::Impl {
  Impl(PromptInput in, std::string_view path, PromptFormatOptions opts,
       std::shared_ptr<const PromptSpool> copy)
      : spool(std::move(copy)), input(std::move(in)), options(std::move(opts)) {
    format = options.format;
    if (format == Format::auto_detect) format = detect_prompt_format(path, input.peek_nonspace());
    records = make_source(format, input, options);
  }

  std::optional<PromptEntry> next();

  std::shared_ptr<const PromptSpool> spool;
  PromptInput input;
  PromptFormatOptions options;
  Format format = Format::jsonl;
  std::unique_ptr<RecordSource> records;
  PromptIdRegistry ids;
  std::size_t count = 0;
};

std::optional<PromptEntry> PromptReader::Impl::next() {
  auto record = records->next();
  if (!record) return std::nullopt;
  ++count;
  const std::string& source = input.display_name();
  if (record->problem) return reject(source, *record, *record->problem);
  auto converted = convert_record(record->fields, options);
  if (auto* problem = std::get_if<RecordProblem>(&converted)) {
    return reject(source, *record, std::move(*problem));
  }
  auto& prompt = std::get<ConvertedPrompt>(converted);
  if (const auto first = ids.insert(prompt.id, record->line)) {
    const std::string where = "line " + std::to_string(*first);
    return reject(source, *record,
                  {"", prompt.id_generated
                           ? "duplicate prompt (same content as " + where + ")"
                           : "duplicate id \"" + prompt.id + "\" (first seen on " + where + ")"});
  }
  if (options.system_prompt && !has_system_turn(prompt.messages)) {
    prompt.messages.insert(prompt.messages.begin(), {llm::Role::system, *options.system_prompt});
  }
  return PromptItem{std::move(prompt.id), std::move(prompt.messages), source, record->line};
}

PromptReader::PromptReader(const std::string& path, PromptFormatOptions options)
    : impl_(std::make_unique<Impl>(PromptInput(path, display_name(path)), path, std::move(options),
                                   nullptr)) {}

PromptReader::PromptReader(std::shared_ptr<const PromptSpool> spool, PromptFormatOptions options)
    : impl_(std::make_unique<Impl>(PromptInput(spool->reopen(), spool->display_name()), "",
                                   std::move(options), spool)) {}

PromptReader::PromptReader(PromptReader&&) noexcept = default;
PromptReader& PromptReader::operator=(PromptReader&&) noexcept = default;
PromptReader::~PromptReader() = default;

std::optional<PromptEntry> PromptReader::next() { return impl_->next(); }
PromptFormatOptions::Format PromptReader::format() const { return impl_->format; }
const std::string& PromptReader::source() const { return impl_->input.display_name(); }
std::size_t PromptReader::records() const { return impl_->count; }

}  // namespace pogen::io
