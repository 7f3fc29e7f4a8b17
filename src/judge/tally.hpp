#pragma once
// Counts over the judged items of a run, for the summary of `pogen judge` and `build-dataset`:
// items per status, judge calls per status, how often the two orders of a pair disagreed (the
// position-flip rate), and how many judgments were self-judged.

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "judge/judged_item.hpp"
#include "judge/self_bias.hpp"

namespace pogen::pipeline {

// Position consistency of one judge (a single judge, or one juror of a jury): its pair verdicts
// with a usable judgment in both orders, and those whose two orders gave the same verdict.
struct JudgeOrders {
  std::string model;
  std::size_t pairs_both_orders = 0;
  std::size_t consistent = 0;
  std::optional<double> consistency() const;  // consistent / pairs_both_orders
};

struct JudgingTally {
  std::map<std::string, std::size_t> items;      // by JudgedStatus name
  std::map<std::string, std::size_t> judgments;  // by JudgmentStatus name (every call, every juror)
  // Single-judge pair verdicts (jurors included) with a usable judgment in both orders, and
  // those among them whose two orders gave different verdicts.
  std::size_t pairs_both_orders = 0;
  std::size_t position_flips = 0;
  std::size_t self_judged = 0;  // judgments whose judge wrote (by model or family) a candidate
  std::size_t reasked = 0;      // judgments whose reply lacked the format and were asked again
  // Per judge endpoint (jurors included; debate finals are judged in one order only).
  std::map<std::string, JudgeOrders> by_judge;
  // Every jury pair verdict with the answers' authors and each juror's verdict, for the
  // family-preference score (family_preference in self_bias.hpp), which needs the config's
  // model families.
  std::vector<JuryPairVotes> jury_pairs;

  void add(const JudgedItem& judged);
  std::size_t item_count() const;
  std::size_t failed_items() const;  // items whose judging failed (status "failed")
  // position_flips / pairs_both_orders; absent when no pair was judged in both orders.
  std::optional<double> flip_rate() const;
};

// A Wilson 95% interval of count / total as JSON: {"lower", "upper" (null when total is 0),
// "method": "wilson"}.
nlohmann::json consistency_interval_json(std::size_t count, std::size_t total);

// The counts above, and `by_judge` as a list with each judge's position consistency and its
// Wilson 95% interval.
nlohmann::json to_json(const JudgingTally& tally);

}  // namespace pogen::pipeline
