#pragma once
// Checking a prompt set in full before the first request (failure policy 1: every problem,
// `file:line: what is wrong`, then exit 2), and opening it for the run.

#include <cstddef>
#include <string>

#include "core/diagnostics.hpp"
#include "prompt_files/format.hpp"
#include "prompt_files/reader.hpp"

namespace pogen::io {

struct PromptCheck {
  std::size_t items = 0;     // valid prompts
  std::size_t rejected = 0;  // bad records
  Diagnostics diagnostics;   // one per bad record, plus whatever stopped the reading
};

// Reads the whole source once (streaming) and reports every problem: each bad record, what
// stopped the reading (an unreadable file, a broken JSON array or CSV header), and
// `no prompts found` when the source holds no record. "-" reads stdin (which is then consumed).
PromptCheck validate_prompts(const std::string& path, const PromptFormatOptions& options);
PromptCheck validate_prompts(PromptReader& reader);

struct ValidatedPrompts {
  PromptCheck check;    // the first pass
  PromptReader reader;  // the second pass, from the start
};

// Checks the source in a first pass, then returns a reader for the run. stdin is copied to a
// temporary file first (prompt_spool.hpp), so that it too is checked in full before use.
// Throws InputError with every diagnostic when there is any problem; with skip_invalid, bad
// records are tolerated (the reader returns them as PromptRejected, check lists them for a
// warning) but what stops the reading, an input without records, and an input whose records
// are all bad (`no valid prompts: all N records were rejected`) still throw.
ValidatedPrompts open_prompts(const std::string& path, const PromptFormatOptions& options,
                              bool skip_invalid);

}  // namespace pogen::io
