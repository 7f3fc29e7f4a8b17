#pragma once
// One rater's verdicts read from a file (JSON Lines or a JSON array), one per record, as its
// SourceSpec says. A record with no usable verdict (an unparsable judge text, a failed item, a
// null label, the paper's score of -1) is kept with the reason, never dropped: for a judge it is
// a failure to count, for the reference a missing label to report by line. What cannot be read
// at all (bad JSON, a label outside the label map, a score that is not a number) is an
// InputError naming file, line and field, every problem of the file at once.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "eval/field_names.hpp"
#include "eval/label_map.hpp"
#include "eval/source_spec.hpp"
#include "metrics/verdict.hpp"

namespace pogen::eval {

struct ReadOptions {
  FieldNames fields;
  LabelMap labels;
  // Compare the paper's -1 parse failures as scores, as the paper did (docs/metrics.md), instead
  // of counting them as judge failures. Needed to reproduce its reported kappas.
  bool paper_compat = false;
};

struct SourceItem {
  std::size_t line = 0;    // where the record starts
  std::size_t record = 0;  // 1-based position in the file: a JSON array may be one line
  std::optional<std::string> id;
  std::optional<std::string> subset;
  std::optional<std::size_t> length_a;  // characters (code points), when the record has the texts
  std::optional<std::size_t> length_b;
  std::optional<metrics::Verdict> verdict;
  std::string failure;  // why there is no verdict; empty when there is one
  // The verdict given with A shown first, and with B shown first (in the original labels), where
  // the source records them: they measure position bias.
  std::optional<metrics::Verdict> ab;
  std::optional<metrics::Verdict> ba;
};

struct LabelSource {
  SourceSpec spec;
  std::vector<SourceItem> items;  // in file order
  bool has_ids = false;           // every record has the id field (an empty file has none)
};

LabelSource read_label_source(const SourceSpec& spec, const ReadOptions& options);

// Counts characters as UTF-8 code points, so that a non-English answer is not "longer" for its
// bytes.
std::size_t count_characters(std::string_view text);

}  // namespace pogen::eval
