#include "prompt_files/validate.hpp"

#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace pogen::io {

namespace {

void add_rejection(Diagnostics& diagnostics, const PromptRejected& rejected) {
  diagnostics.add(rejected.source, rejected.line, rejected.field, rejected.reason);
}

}  // namespace

PromptCheck validate_prompts(PromptReader& reader) {
  PromptCheck check;
  try {
    while (auto entry = reader.next()) {
      if (const auto* rejected = std::get_if<PromptRejected>(&*entry)) {
        ++check.rejected;
        add_rejection(check.diagnostics, *rejected);
      } else {
        ++check.items;
      }
    }
  } catch (const InputError& error) {
    for (const auto& diagnostic : error.diagnostics()) check.diagnostics.add(diagnostic);
    return check;
  }
  if (reader.records() == 0) check.diagnostics.add(reader.source(), 0, "", "no prompts found");
  return check;
}

PromptCheck validate_prompts(const std::string& path, const PromptFormatOptions& options) {
  std::optional<PromptReader> reader;
  try {
    reader.emplace(path, options);
  } catch (const InputError& error) {
    PromptCheck check;
    for (const auto& diagnostic : error.diagnostics()) check.diagnostics.add(diagnostic);
    return check;
  }
  return validate_prompts(*reader);
}

ValidatedPrompts open_prompts(const std::string& path, const PromptFormatOptions& options,
                              bool skip_invalid) {
  std::shared_ptr<const PromptSpool> spool;
  if (path == "-") spool = std::make_shared<const PromptSpool>();
  const auto open = [&] {
    return spool ? PromptReader(spool, options) : PromptReader(path, options);
  };
  PromptReader first = open();
  PromptCheck check = validate_prompts(first);
  // Anything beyond one diagnostic per bad record stopped the reading or found no record.
  const bool fatal = check.diagnostics.size() > check.rejected;
  if (!skip_invalid || fatal) check.diagnostics.throw_if_any();
  if (check.items == 0) {
    Diagnostics all = check.diagnostics;
    all.add(first.source(), 0, "",
            "no valid prompts: all " + std::to_string(check.rejected) + " records were rejected");
    all.throw_if_any();
  }
  return {std::move(check), open()};
}

}  // namespace pogen::io
