#pragma once

namespace pogen::cli {

// Parses the command line, runs the subcommand, and maps every error to its exit code
// (see pogen/core/exit_code.hpp). The only place exceptions are caught for good.
int run_main(int argc, char** argv);

}  // namespace pogen::cli
