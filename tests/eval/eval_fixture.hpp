#pragma once
// Shared by the eval tests: label files in a temporary directory, read as pogen agreement reads
// them, and the InputError text they raise.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/diagnostics.hpp"
#include "eval/label_source.hpp"

namespace pogen::eval::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pogen-eval-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  std::string write(const std::string& name, const std::string& content) const {
    const std::string file = (path_ / name).string();
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::filesystem::path path_;
};

inline LabelSource read(const std::string& spec_text, const ReadOptions& options = {}) {
  return read_label_source(parse_source_spec(spec_text, "--judge"), options);
}

// The InputError's message, one diagnostic a line; "" when nothing was thrown.
template <typename F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace pogen::eval::testing
