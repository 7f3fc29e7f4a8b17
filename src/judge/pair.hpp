#pragma once
// One judge deciding one pair, with position bias handled by judging both orders. In BA the
// template's Assistant A slot holds candidate b; its scores or pick are mapped back to the
// original labels (judge_call.hpp). The verdict is the one both orders agree on; when they
// disagree it is tie and orders_disagree is set. When one order failed the other decides alone
// (said in the reason); when both failed the verdict fails.

#include <string>
#include <vector>

#include "chat/chat_service.hpp"
#include "core/task.hpp"
#include "judge/item_view.hpp"
#include "judge/judge_config.hpp"
#include "judge/record.hpp"

namespace pogen::pipeline {

// swap random: the order of pair (a, b) of an item. The FNV-1a 64-bit hash of the bytes
// "<item_id>\x1f<a>\x1f<b>" (indices in decimal); an odd hash means BA. A rerun (or a resumed
// run) picks the same order, and about half the pairs of a data set go each way.
bool random_order_is_ba(const std::string& item_id, int a, int b);

// The orders to judge (false: AB, true: BA), AB first.
std::vector<bool> pair_orders(SwapMode mode, const std::string& item_id, int a, int b);

// A single judge's verdict from its judgments of pair a, b (one per order, in the order given).
// Reasons: "both orders agree", "orders disagree (AB: A, BA: B), so tie", "one order judged:
// BA", "BA alone: AB transport_error", "no usable judgment: AB truncated, BA parse_failed".
// score_a/score_b are the means over the usable orders.
PairVerdict combine_orders(int a, int b, std::string judge, std::vector<Judgment> judgments);

// A single judge's verdict on a, b from its judgments of each alone: the higher score wins,
// equal scores tie. The judgments stay with the caller (Ranking::scored). Reasons:
// "independent scores", "no usable score: candidate 1 parse_failed".
PairVerdict pair_from_scores(int a, int b, std::string judge, const Judgment& of_a,
                             const Judgment& of_b);

// Judges the pair in the orders of config.swap, concurrently, and combines them.
Task<PairVerdict> judge_pair(llm::ChatService& chat, const JudgingConfig& config,
                             const JudgeSpec& judge, const JudgeItem& item, int a, int b);

}  // namespace pogen::pipeline
