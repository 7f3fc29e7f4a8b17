#pragma once
// Shared by the prompt reader tests: files in a temporary directory, and reading them whole.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "core/diagnostics.hpp"
#include "prompt_files/reader.hpp"
#include "prompt_files/validate.hpp"

using pogen::name_of;
using pogen::parse_enum;

namespace pogen::io::testing {

// A directory of test files, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pogen-prompts-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  // Writes `content` byte for byte to `name` in the directory; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    const std::string file = (path_ / name).string();
    std::ofstream out(file, std::ios::binary);
    out << content;
    REQUIRE(out.good());
    return file;
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::vector<PromptEntry> read_all(PromptReader& reader) {
  std::vector<PromptEntry> entries;
  while (auto entry = reader.next()) entries.push_back(std::move(*entry));
  return entries;
}

inline std::vector<PromptEntry> read_all(const std::string& path,
                                         const PromptFormatOptions& options = {}) {
  PromptReader reader(path, options);
  return read_all(reader);
}

inline const PromptItem& item(const PromptEntry& entry) {
  REQUIRE(std::holds_alternative<PromptItem>(entry));
  return std::get<PromptItem>(entry);
}

inline const PromptRejected& rejected(const PromptEntry& entry) {
  REQUIRE(std::holds_alternative<PromptRejected>(entry));
  return std::get<PromptRejected>(entry);
}

// Every diagnostic as it is printed: `file:line: field: message`.
inline std::vector<std::string> printed(const Diagnostics& diagnostics) {
  std::vector<std::string> lines;
  for (const auto& d : diagnostics.items()) lines.push_back(format_diagnostic(d));
  return lines;
}

inline llm::Message user_turn(std::string text) { return {llm::Role::user, std::move(text)}; }
inline llm::Message assistant_turn(std::string text) {
  return {llm::Role::assistant, std::move(text)};
}
inline llm::Message system_turn(std::string text) { return {llm::Role::system, std::move(text)}; }

}  // namespace pogen::io::testing

namespace Catch {
template <>
struct StringMaker<pogen::llm::Message> {
  static std::string convert(const pogen::llm::Message& m) {
    return std::string(name_of(m.role)) + ": \"" + m.content + "\"";
  }
};
}  // namespace Catch
