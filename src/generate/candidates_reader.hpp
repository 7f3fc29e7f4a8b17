#pragma once
// Reads candidates.jsonl (written by `pogen generate`) back, one item at a time, so memory stays
// flat whatever the file's size. Every problem is an InputError naming the file, the line and
// the field.

#include <cstddef>
#include <fstream>
#include <optional>
#include <set>
#include <string>

#include "generate/generation.hpp"

namespace pogen::pipeline {

class CandidatesReader {
 public:
  // Throws InputError when the file cannot be opened.
  explicit CandidatesReader(std::string path);

  // The next item, or nullopt at the end. Blank lines are skipped; a line that is not JSON or
  // not a candidates record throws InputError.
  std::optional<GeneratedItem> next();

  const std::string& path() const { return path_; }
  std::size_t line() const { return line_; }

 private:
  std::string path_;
  std::ifstream in_;
  std::size_t line_ = 0;
};

// What a first pass over the file learns before any request: the items' count and the models
// that wrote the candidates (for the self-judging guard). Throws InputError for any bad line
// and for an id used twice.
struct CandidatesSurvey {
  std::size_t items = 0;
  std::set<std::string> models;
};
CandidatesSurvey survey_candidates(const std::string& path);

}  // namespace pogen::pipeline
