#pragma once
// pogen agreement's computation: every judge, and every jury formed from them, measured against
// the reference over the matched items: Cohen's kappa and accuracy with bootstrap intervals,
// the confusion matrix, the same per subset, judge failures, position and length bias.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/enum_names.hpp"
#include "eval/item_matching.hpp"
#include "eval/label_source.hpp"
#include "metrics/agreement.hpp"
#include "metrics/bias.hpp"
#include "metrics/bootstrap.hpp"

namespace pogen::eval {

// What a judge failure (an item with no verdict from the judge) counts as.
enum class FailurePolicy {
  exclude,  // left out of that judge's kappa and accuracy; the failure rate says how many
  tie,      // counted as a tie verdict
};
inline constexpr EnumNames<FailurePolicy, 2> kFailurePolicyNames{
    {{{FailurePolicy::exclude, "exclude"}, {FailurePolicy::tie, "tie"}}}};
constexpr const auto& enum_names(FailurePolicy) { return kFailurePolicyNames; }

struct StudyOptions {
  metrics::BootstrapOptions bootstrap;
  FailurePolicy failures = FailurePolicy::exclude;
  std::vector<std::size_t> jury_sizes;  // every combination of k judges, for each k listed
  bool drop_unlabeled = false;  // reference items without a label: left out instead of an error
};

struct ItemNote {
  std::size_t line = 0;    // in the rater's file; for a jury, 0
  std::size_t record = 0;  // 1-based position in the rater's file; for a jury, 0
  std::string id;          // the item's id, or "#n" (1-based position) without ids
  std::string reason;
};

struct SubsetAgreement {
  std::string subset;
  std::size_t items = 0;
  std::size_t failures = 0;
  metrics::AgreementReport agreement;
};

struct PositionBias {
  metrics::Proportion consistency;  // items judged in both orders
  metrics::PositionPreference preference;
};

struct RaterResult {
  std::string name;
  std::vector<std::string> members;  // juries only
  std::string read_as;
  std::string file;
  std::size_t items = 0;  // matched items, failures included
  std::vector<ItemNote> failures;
  std::size_t incomplete = 0;  // juries: items where some but not all jurors failed
  metrics::AgreementReport agreement;
  std::vector<SubsetAgreement> subsets;                   // empty when no item has a subset
  std::optional<PositionBias> position;                   // when the source records the order shown
  std::optional<metrics::LengthBias> length;              // when some item has both answers' texts
  std::vector<std::optional<metrics::Verdict>> verdicts;  // per compared item; nullopt: failed
};

struct StudyResult {
  std::string reference_name;
  std::string reference_file;
  std::string reference_read_as;
  bool matched_by_id = false;
  std::size_t items = 0;                    // compared: matched, minus dropped unlabeled ones
  std::vector<ItemNote> unlabeled;          // reference items left out (drop_unlabeled)
  std::vector<std::string> item_ids;        // per compared item: its id, or "#n"
  std::vector<metrics::Verdict> reference;  // per compared item
  std::vector<RaterResult> judges;
  std::vector<RaterResult> juries;
};

// sources[0] is the reference, the others the judges. Throws InputError listing every reference
// item without a label (unless drop_unlabeled), or for a jury size outside 2..judges.
StudyResult run_study(const std::vector<LabelSource>& sources, const MatchedItems& matched,
                      const StudyOptions& options);

}  // namespace pogen::eval
