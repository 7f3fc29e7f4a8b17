#pragma once
// Logs go to stderr, so that stdout carries only data (answers, check results) and can be piped.
// Colour only when stderr is a terminal; plain lines under cron and in CI.

namespace pogen::cli {

enum class Verbosity {
  quiet,    // warnings and errors only (-q)
  normal,   // info and above
  verbose,  // debug and above (-v)
};

// Replaces spdlog's default logger (which writes to stdout) with a stderr one.
void setup_logging(Verbosity verbosity);

}  // namespace pogen::cli
