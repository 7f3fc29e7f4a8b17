#pragma once
// How a data set spells its labels, mapped onto the verdicts A, B and tie. The map starts as
// A -> A, B -> B, tie -> tie, and --label-map adds to it or overrides it: "1=A,2=B,0=tie",
// "model_a=A,model_b=B". A label may also map to "failed": a value a data set uses for a judge
// output it could not read (PandaLM's "garbage"), counted as a judge failure rather than as a
// verdict. A label is the field's JSON value as text: a string as it is, any other value as JSON
// (1, 2.5, true).

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "metrics/verdict.hpp"

namespace pogen::eval {

// What a known label means: a verdict, or (verdict empty) that the rater failed on the item.
struct MappedLabel {
  std::optional<metrics::Verdict> verdict;
};

class LabelMap {
 public:
  LabelMap();
  // Adds "label=verdict" entries, comma-separated, verdict A, B, tie or failed. Throws
  // InputError naming `flag` when an entry has no "=" or names another verdict.
  void add(std::string_view entries, std::string_view flag);
  // nullopt for a label the map does not know.
  std::optional<MappedLabel> find(const nlohmann::json& value) const;
  // The entries, "label=verdict" comma-separated, for messages.
  std::string known() const;

 private:
  std::map<std::string, MappedLabel> labels_;
};

// The text of a label value: a string as it is, anything else as compact JSON.
std::string label_text(const nlohmann::json& value);

}  // namespace pogen::eval
