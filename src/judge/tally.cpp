#include "judge/tally.hpp"

#include "core/json_output.hpp"
#include "metrics/wilson.hpp"

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
  JudgeOrders& judge = tally.by_judge[pair.judge];
  if (judge.model.empty()) judge.model = pair.judgments.front().model;
  ++judge.pairs_both_orders;
  if (!pair.orders_disagree) ++judge.consistent;
}

std::string candidate_model(const JudgeItem& item, int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= item.candidates.size()) return "";
  return item.candidates[static_cast<std::size_t>(index)].model;
}

void record_jury(JudgingTally& tally, const JudgeItem& item, const PairVerdict& pair) {
  JuryPairVotes votes{item.id, candidate_model(item, pair.a), candidate_model(item, pair.b), {}};
  for (const auto& juror : pair.jurors) {
    std::string model = juror.judgments.empty() ? "" : juror.judgments.front().model;
    votes.votes.push_back({juror.judge, std::move(model), juror.verdict});
  }
  tally.jury_pairs.push_back(std::move(votes));
}

void count_pair(JudgingTally& tally, const JudgeItem& item, const PairVerdict& pair) {
  for (const auto& j : pair.judgments) count_judgment(tally, j);
  count_orders(tally, pair);
  for (const auto& juror : pair.jurors) count_pair(tally, item, juror);
  if (!pair.jurors.empty()) record_jury(tally, item, pair);
  if (pair.debate) {
    for (const auto& u : pair.debate->transcript) ++tally.judgments[name_of(u.status)];
    for (const auto& j : pair.debate->finals) count_judgment(tally, j);
  }
}

}  // namespace

void JudgingTally::add(const JudgedItem& judged) {
  ++items[name_of(judged.status)];
  if (!judged.ranking) return;
  for (const auto& pair : judged.ranking->pairs) count_pair(*this, judged.item, pair);
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

std::optional<double> JudgeOrders::consistency() const {
  if (pairs_both_orders == 0) return std::nullopt;
  return static_cast<double>(consistent) / static_cast<double>(pairs_both_orders);
}

nlohmann::json consistency_interval_json(std::size_t count, std::size_t total) {
  const auto interval = metrics::wilson_interval(count, total);
  return {{"lower", interval ? nlohmann::json(interval->lower) : nlohmann::json(nullptr)},
          {"upper", interval ? nlohmann::json(interval->upper) : nlohmann::json(nullptr)},
          {"method", "wilson"}};
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
  nlohmann::json judges = nlohmann::json::array();
  for (const auto& [endpoint, orders] : tally.by_judge) {
    judges.push_back({{"judge", endpoint},
                      {"model", orders.model},
                      {"pairs_both_orders", orders.pairs_both_orders},
                      {"consistent", orders.consistent},
                      {"position_consistency", io::number_or_null(orders.consistency())},
                      {"position_consistency_interval",
                       consistency_interval_json(orders.consistent, orders.pairs_both_orders)}});
  }
  out["by_judge"] = judges;
  return out;
}

}  // namespace pogen::pipeline
