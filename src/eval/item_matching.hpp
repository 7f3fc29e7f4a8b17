#pragma once
// Lines up the records of several sources that are about the same item: by the id field when
// every file has one, by position when none has (the paper's files are in the order of the
// data set and carry no ids), and by position when the user asks for it.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "eval/label_source.hpp"

namespace pogen::eval {

struct MatchedItems {
  bool by_id = false;
  // rows[i][s]: the index in sources[s].items of item i, items in the order of sources[0].
  std::vector<std::vector<std::size_t>> rows;
};

// Throws InputError when ids are duplicated, when an id of one file is missing from another,
// when only some files have ids (and by_position is false), or, by position, when the files do
// not all hold the same number of records.
MatchedItems match_items(std::span<const LabelSource> sources, bool by_position);

}  // namespace pogen::eval
