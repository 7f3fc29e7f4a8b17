#pragma once
// The human-labelled pairs `pogen eval-judge` runs judges over: one JSON object per line with a
// prompt, two answers and a label, under the names a data set gives them
// (--field prompt=instruction,label=human). The label itself is read by the agreement study
// (label_source.hpp); this reads what the judges are shown.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "eval/field_names.hpp"
#include "generate/generation.hpp"

namespace pogen::eval {

struct PairFields {
  FieldNames common;  // id, subset, response_a, response_b (shared with the agreement study)
  std::string prompt = "prompt";
  std::string label = "human";
  std::string model_a = "model_a";  // optional in the data: who wrote each answer, for
  std::string model_b = "model_b";  // the self-judging guard

  // "name=field" entries, comma-separated: prompt, label, model_a, model_b, or a FieldNames name.
  // Throws InputError naming `flag` for an unknown name.
  void rename(std::string_view entries, std::string_view flag);
};

// Every pair as a generated item with two candidates (response_a, response_b) and a one-turn
// conversation (the prompt), in file order. A record without an id gets "#<n>" (its 1-based
// position). Throws InputError listing every problem (file:line: field: ...): a line that is not
// a JSON object, a missing or non-string prompt or response.
std::vector<pipeline::GeneratedItem> read_labelled_pairs(const std::string& path,
                                                         const PairFields& fields);

}  // namespace pogen::eval
