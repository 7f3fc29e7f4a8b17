#pragma once
// Problems found in user input, each pinned to where it was found. Validation collects every
// problem first and reports them together (one line each, `file:line: field: message`), so a
// user fixes a config in one pass instead of one error per run.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace pogen {

struct Diagnostic {
  std::string file;      // empty when the problem is not in a file (a flag, the environment)
  std::size_t line = 0;  // 1-based; 0 when unknown or not applicable
  std::string field;     // dotted path such as endpoints[0].limits.max_in_flight; may be empty
  std::string message;
};

// `file:line: field: message`, leaving out the parts that are empty.
std::string format_diagnostic(const Diagnostic& d);

class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void add(std::string file, std::size_t line, std::string field, std::string message) {
    items_.push_back({std::move(file), line, std::move(field), std::move(message)});
  }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  // Throws InputError carrying every diagnostic when there is at least one.
  void throw_if_any() const;

 private:
  std::vector<Diagnostic> items_;
};

// Bad input: flags, config, prompt files. Maps to exit code 2. what() is every diagnostic, one
// per line.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  explicit InputError(Diagnostic diagnostic);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Run-fatal: bad credentials, unknown model, unwritable output. Caught once in main; exit 1.
class FatalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace pogen
