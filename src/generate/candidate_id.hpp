#pragma once
// The one name of a generated candidate in every output file: `c<i>`, i its position in the
// item's generation.candidates (candidates.jsonl's `candidates`), in generation order. Judging
// drops candidates (truncated, empty), so positions among the judged candidates differ from
// these; records name candidates by this id wherever they refer to one. A model name with a
// sample number would not do: one model may serve several endpoints, and a feedback loop asks
// the same model and sample once per iteration.

#include <cstddef>
#include <string>

namespace pogen::pipeline {

inline std::string candidate_id(std::size_t generation_index) {
  return "c" + std::to_string(generation_index);
}

}  // namespace pogen::pipeline
