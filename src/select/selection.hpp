#pragma once
// Turning an item's judged candidates into DPO preference pairs and KTO labels.
//
// Only usable candidates with a score take part. best = highest score, ties broken by the lower
// index; worst = lowest score among the others (never best itself), ties broken by the lower
// index, so two candidates with equal scores still make a (tie) pair to decide on.
// A pair, higher score as chosen, is dropped when, checked in this order:
//   "identical texts"   the texts are equal once every whitespace run is one space and both ends
//                       are trimmed (normalize_whitespace);
//   "tie"               the scores are equal (within kScoreTolerance), whatever min_margin is;
//   "margin G below M"  the gap is below min_margin;
//   a direct verdict on the two says tie ("judged tie in direct comparison"), favours the lower
//   scored one ("direct comparison favours the rejected candidate") or failed ("direct comparison
//   failed"): the judges did not separate them;
//   "max_pairs reached" more pairs passed than max_pairs_per_prompt; the largest gaps are kept.
// Gaps are compared with kScoreTolerance so that float noise in mean scores (8.2 - 7.2 is
// 0.9999999999999991) neither breaks a tie nor fails a margin it meets.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/enum_names.hpp"
#include "metrics/verdict.hpp"

namespace pogen::pipeline {

inline constexpr double kScoreTolerance = 1e-9;

struct SelectionCandidate {
  std::string text;
  bool usable = true;           // false: the candidate failed or was truncated: never used
  std::optional<double> score;  // aggregate judge score on a 0..10 scale; absent when the judging
                                // produced none for it
};

// A direct comparison of candidates a and b: A favours a, B favours b.
struct PairwiseVerdict {
  std::size_t a = 0;
  std::size_t b = 0;
  std::optional<metrics::Verdict> verdict;  // nullopt: the comparison failed
};

enum class PairMode { best_vs_worst, best_vs_rest, all_pairs };
inline constexpr EnumNames<PairMode, 3> kPairModeNames{{{{PairMode::best_vs_worst, "best-vs-worst"},
                                                         {PairMode::best_vs_rest, "best-vs-rest"},
                                                         {PairMode::all_pairs, "all-pairs"}}}};
constexpr const auto& enum_names(PairMode) { return kPairModeNames; }
// "best-vs-worst", "best-vs-rest", "all-pairs" (the config names).

enum class KtoLabeling { by_rank, by_threshold };
inline constexpr EnumNames<KtoLabeling, 2> kKtoLabelingNames{
    {{{KtoLabeling::by_rank, "by-rank"}, {KtoLabeling::by_threshold, "by-threshold"}}}};
constexpr const auto& enum_names(KtoLabeling) { return kKtoLabelingNames; }
// "by-rank", "by-threshold".

struct SelectionConfig {
  // best_vs_worst: one pair. best_vs_rest (the paper's feedback loop: the judge's best iteration
  // is chosen, every other one rejected): best against each other candidate. all_pairs: every
  // two candidates.
  PairMode mode = PairMode::best_vs_worst;
  double min_margin = 1.0;  // on the 10-point scale
  std::optional<int> max_pairs_per_prompt;
  // by_rank: best desirable and worst undesirable, when that pair passes the same checks as a
  // DPO pair (max_pairs aside); the others unlabelled. by_threshold: thresholds below.
  KtoLabeling kto = KtoLabeling::by_rank;
  double kto_desirable_min = 7.0;    // by_threshold: score >= this -> desirable
  double kto_undesirable_max = 4.0;  // by_threshold: score <= this -> undesirable
};

// Every problem with the config, one sentence each; empty when it is valid.
std::vector<std::string> validate(const SelectionConfig& config);

struct PreferencePair {
  std::size_t chosen = 0;
  std::size_t rejected = 0;
  double chosen_score = 0;
  double rejected_score = 0;
  double gap() const { return chosen_score - rejected_score; }
};

struct KtoExample {
  std::size_t candidate = 0;
  bool desirable = false;
  double score = 0;
};

// Why a candidate was left out ("unusable", "no score") or a pair was kept ("kept") or dropped.
struct SelectionDecision {
  std::size_t first = 0;  // pair: the would-be chosen (higher score; lower index on a tie);
                          // otherwise the candidate left out
  std::optional<std::size_t> second;  // pair: the would-be rejected; absent for a candidate
  bool kept = false;
  std::string reason;
};

struct Selection {
  std::vector<PreferencePair> pairs;  // largest gap first, then chosen index, then rejected index
  std::vector<KtoExample> kto;        // by_rank: desirable then undesirable; else by index
  std::vector<SelectionDecision> decisions;  // candidates left out (by index), then pairs in the
                                             // order considered
};

// Throws std::invalid_argument when a usable candidate's score is not finite or a verdict names
// a candidate that does not exist (both are the caller's bugs, not data problems).
Selection select_pairs(const std::vector<SelectionCandidate>& candidates,
                       const std::vector<PairwiseVerdict>& verdicts, const SelectionConfig& config);

// KTO label counts over many items, for the run report. TRL's KTO guidance: weight the rarer
// class so that desirable_weight * desirable : undesirable_weight * undesirable is in 1:1..4:3.
struct KtoBalance {
  std::size_t desirable = 0;
  std::size_t undesirable = 0;
  std::optional<double> ratio;  // desirable / undesirable; absent while undesirable is 0
};

// Adds one item's examples to the balance.
void tally_kto(KtoBalance& balance, const std::vector<KtoExample>& examples);

// Candidates are written by name: ids[i] names selection candidate i (records.jsonl passes the
// generation ids, judge/judged_item.hpp's judged_candidate_ids).
nlohmann::json to_json(const SelectionDecision& decision, const std::vector<std::string>& ids);
nlohmann::json to_json(const Selection& selection, const std::vector<std::string>& ids);

}  // namespace pogen::pipeline
