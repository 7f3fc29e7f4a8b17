#pragma once
// The self-judging guard. A judge tends to prefer answers written by its own model or family, so
// pogen flags every judgment whose judge wrote (by model or family) a candidate it judged, and
// checks a config up front so that the caller can warn once per judge or refuse to start.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/bootstrap.hpp"
#include "metrics/verdict.hpp"

namespace pogen::pipeline {

// The family entry both names contain (case-insensitive), the first in `families` order; ""
// when they share none.
std::string shared_family(std::string_view model_a, std::string_view model_b,
                          const std::vector<std::string>& families);

// Same model name (exactly), or a shared family.
bool same_family(std::string_view judge_model, std::string_view generator_model,
                 const std::vector<std::string>& families);

struct SelfJudgeClash {
  std::string judge_model;
  std::string generator_model;
  std::string family;  // "" when the model names are identical
  bool operator==(const SelfJudgeClash&) const = default;
};

// Every (judge, generator) pair that clashes, judges in the given order, each pair once.
std::vector<SelfJudgeClash> check_self_judging(const std::vector<std::string>& judge_models,
                                               const std::vector<std::string>& generator_models,
                                               const std::vector<std::string>& families);

// One line for a warning or an error:
// `judge model "gemma-2-9b-it" shares family "gemma" with generator model "gemma-2-2b-it"`, or
// `judge model "m" also generates candidates` when the names are identical.
std::string describe(const SelfJudgeClash& clash);

// A model's family for the family-preference score: the first entry of `families` its name
// contains (case-insensitive), or, when it contains none, the model name itself (a model alone
// is its own family).
std::string family_of(std::string_view model, const std::vector<std::string>& families);

// Jurors that share a family (PoLL's advice is a jury of disjoint families): one entry per
// shared family, with the jurors' endpoint names in config order. Two jurors on the same model
// share its family (the model name when it contains no entry).
struct SharedJuryFamily {
  std::string family;
  std::vector<std::string> jurors;  // endpoint names
  std::vector<std::string> models;  // parallel to jurors
};
// jurors: (endpoint name, model) per juror, in config order.
std::vector<SharedJuryFamily> shared_jury_families(
    const std::vector<std::pair<std::string, std::string>>& jurors,
    const std::vector<std::string>& families);
// `jurors "j1" (llama-3-8b) and "j2" (Llama-3.1-70B) share family "llama"; PoLL's advice is a
// jury of disjoint families`.
std::string describe(const SharedJuryFamily& shared);

// One jury pair verdict as the family-preference score needs it: who wrote each answer, and
// each juror's verdict on the pair (nullopt: the juror gave none).
struct JurorVote {
  std::string judge;  // endpoint name
  std::string model;
  std::optional<metrics::Verdict> verdict;  // in the pair's labels: A is model_a's answer
};
struct JuryPairVotes {
  std::string item_id;
  std::string model_a;
  std::string model_b;
  std::vector<JurorVote> votes;
};

// The family-preference score of one family F without human labels (docs/metrics.md): on the
// pairs where exactly one answer is of family F and at least one juror of F and one juror of
// another family gave a verdict, the share of the F jurors' decisive verdicts that go to the F
// answer minus the same share of the other-family jurors. Ties count in neither share.
struct FamilyPreference {
  std::string family;
  std::vector<std::string> judges;  // the jurors of family F (endpoint names)
  std::size_t pairs = 0;
  std::size_t own_for = 0;  // F jurors' verdicts for the F answer
  std::size_t own_against = 0;
  std::size_t other_for = 0;  // other-family jurors' verdicts for the F answer
  std::size_t other_against = 0;
  std::optional<double> own_rate() const;    // own_for / (own_for + own_against)
  std::optional<double> other_rate() const;  // other_for / (other_for + other_against)
  std::optional<double> score() const;       // own_rate - other_rate; absent when either is
  // Percentile bootstrap over the counted pairs (all verdicts on a pair resampled together).
  metrics::BootstrapInterval score_interval;
};

struct FamilyPreferenceReport {
  std::vector<FamilyPreference> families;  // one per family of some juror, by name
  std::string not_applicable;  // why there is no score at all; empty when `families` is filled
};

FamilyPreferenceReport family_preference(const std::vector<JuryPairVotes>& pairs,
                                         const std::vector<std::string>& families,
                                         const metrics::BootstrapOptions& bootstrap = {});

}  // namespace pogen::pipeline
