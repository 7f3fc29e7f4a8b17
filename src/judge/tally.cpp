#include "judge/tally.hpp"

#include "core/json_output.hpp"

namespace pogen::pipeline {
namespace {

void count_judgment(JudgingTally& tally, const Judgment& judgment) {
  ++tally.judgments[name_of(judgment.status)];
  if (judgment.self_judged) ++tally.self_judged;
  if (judgment.reask_raw) ++tally.reasked;
}

// Both orders usable: the pair counts towards the flip rate.
void count_orders(JudgingTally& tally, const PairVerdict& pair) {
  bool ab = false;
  bool ba = false;
  for (const auto& j : pair.judgments) {
    if (!j.usable()) continue;
    ab |= j.order == "AB";
    ba |= j.order == "BA";
  }
  if (!ab || !ba) return;
  ++tally.pairs_both_orders;
  if (pair.orders_disagree) ++tally.position_flips;
}

void count_pair(JudgingTally& tally, const PairVerdict& pair) {
  for (const auto& j : pair.judgments) count_judgment(tally, j);
  count_orders(tally, pair);
  for (const auto& juror : pair.jurors) count_pair(tally, juror);
  if (pair.debate) {
    for (const auto& u : pair.debate->transcript) ++tally.judgments[name_of(u.status)];
    for (const auto& j : pair.debate->finals) count_judgment(tally, j);
  }
}

}  // namespace

void JudgingTally::add(const JudgedItem& judged) {
  ++items[name_of(judged.status)];
  if (!judged.ranking) return;
  for (const auto& pair : judged.ranking->pairs) count_pair(*this, pair);
  for (const auto& j : judged.ranking->scored) count_judgment(*this, j);
}

std::size_t JudgingTally::item_count() const {
  std::size_t total = 0;
  for (const auto& [status, n] : items) total += n;
  return total;
}

std::size_t JudgingTally::failed_items() const {
  const auto found = items.find(name_of(JudgedStatus::failed));
  return found == items.end() ? 0 : found->second;
}

std::optional<double> JudgingTally::flip_rate() const {
  if (pairs_both_orders == 0) return std::nullopt;
  return static_cast<double>(position_flips) / static_cast<double>(pairs_both_orders);
}

nlohmann::json to_json(const JudgingTally& tally) {
  nlohmann::json out = {{"items", tally.items},
                        {"judgments", tally.judgments},
                        {"pairs_both_orders", tally.pairs_both_orders},
                        {"position_flips", tally.position_flips},
                        {"self_judged", tally.self_judged},
                        {"format_reasks", tally.reasked}};
  out["position_flip_rate"] = io::number_or_null(tally.flip_rate());
  return out;
}

}  // namespace pogen::pipeline
