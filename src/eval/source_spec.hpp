#pragma once
// Where one rater's verdicts come from, as a user writes it on the command line:
// FILE[:SPEC], SPEC a comma-separated list of how to read a verdict from each record and of
// options. Public data sets and the paper spell their labels differently, so the reading is
// chosen per file (docs/agreement.md lists every form):
//
//   pairs.jsonl:verdict=human                    a label field, through the label map
//   gpt-4o_none.json:scores=score_1/score_2      two scores: the higher wins, equal is a tie
//   gpt-4o_none.json:raw=response                judge text, re-parsed by pogen (parse_combined)
//   run/judgments.jsonl  (or :judgments)         the output of pogen judge
//
// Options: name=NAME (the rater's name; default the file name without its extension),
// max=N (the score scale of raw=, default 10), order=AB (the verdicts were given with answer A
// shown first, which makes the first-position win rate measurable).

#include <string>
#include <string_view>

namespace pogen::eval {

enum class SourceKind { verdict, scores, raw, judgments };

struct SourceSpec {
  std::string path;
  std::string name;
  SourceKind kind = SourceKind::judgments;
  std::string field;    // verdict= and raw=
  std::string field_b;  // scores=: field holds A's score, field_b B's
  double max_score = 10;
  bool a_shown_first = false;
};

// Parses FILE[:SPEC]. The SPEC starts after the last ":" whose remainder reads as a spec, so
// paths holding ":" still work. Throws InputError naming `flag` when the SPEC is malformed.
SourceSpec parse_source_spec(std::string_view text, std::string_view flag);

// "verdict field human", "scores score_1/score_2", "raw field response (parse_combined, out
// of 10)", "pogen judgments": how the verdicts were read, for the table and the report.
std::string describe_source(const SourceSpec& spec);

}  // namespace pogen::eval
