#include "judge/pair.hpp"

#include <cstdint>
#include <utility>

#include "judge/call.hpp"
#include "judge/gather.hpp"

namespace pogen::pipeline {
namespace {

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string failures_of(const std::vector<Judgment>& judgments, bool by_order) {
  std::string out;
  for (const auto& judgment : judgments) {
    if (judgment.usable()) continue;
    if (!out.empty()) out += ", ";
    out += by_order ? judgment.order : "candidate " + std::to_string(judgment.candidates.front());
    out += std::string(" ") + name_of(judgment.status);
  }
  return out;
}

void mean_scores_into(const std::vector<const Judgment*>& usable, PairVerdict& verdict) {
  double sum_a = 0, sum_b = 0;
  for (const Judgment* judgment : usable) {
    if (!judgment->used_score_a() || !judgment->used_score_b()) return;
    sum_a += *judgment->used_score_a();
    sum_b += *judgment->used_score_b();
  }
  if (usable.empty()) return;
  verdict.score_a = sum_a / static_cast<double>(usable.size());
  verdict.score_b = sum_b / static_cast<double>(usable.size());
}

std::string reason_for(const std::vector<Judgment>& judgments,
                       const std::vector<const Judgment*>& usable, bool disagree) {
  if (usable.size() == 2) {
    if (!disagree) return "both orders agree";
    return "orders disagree (" + usable[0]->order + ": " + name_of(*judgment_verdict(*usable[0])) +
           ", " + usable[1]->order + ": " + name_of(*judgment_verdict(*usable[1])) + "), so tie";
  }
  if (judgments.size() == 1) return "one order judged: " + judgments.front().order;
  return usable.front()->order + " alone: " + failures_of(judgments, true);
}

}  // namespace

bool random_order_is_ba(const std::string& item_id, int a, int b) {
  const std::string key = item_id + '\x1f' + std::to_string(a) + '\x1f' + std::to_string(b);
  return (fnv1a(key) & 1U) == 1U;
}

std::vector<bool> pair_orders(SwapMode mode, const std::string& item_id, int a, int b) {
  switch (mode) {
    case SwapMode::both:
      return {false, true};
    case SwapMode::none:
      return {false};
    case SwapMode::random:
      return {random_order_is_ba(item_id, a, b)};
  }
  return {false};
}

PairVerdict combine_orders(int a, int b, std::string judge, std::vector<Judgment> judgments) {
  PairVerdict verdict;
  verdict.a = a;
  verdict.b = b;
  verdict.judge = std::move(judge);
  std::vector<const Judgment*> usable;
  for (const auto& judgment : judgments) {
    if (judgment_verdict(judgment)) usable.push_back(&judgment);
  }
  if (usable.empty()) {
    verdict.reason = "no usable judgment: " + failures_of(judgments, true);
  } else {
    verdict.verdict = judgment_verdict(*usable.front());
    for (const Judgment* judgment : usable) {
      verdict.orders_disagree |= judgment_verdict(*judgment) != verdict.verdict;
    }
    if (verdict.orders_disagree) verdict.verdict = metrics::Verdict::tie;
    verdict.reason = reason_for(judgments, usable, verdict.orders_disagree);
    mean_scores_into(usable, verdict);
  }
  verdict.judgments = std::move(judgments);
  return verdict;
}

PairVerdict pair_from_scores(int a, int b, std::string judge, const Judgment& of_a,
                             const Judgment& of_b) {
  PairVerdict verdict;
  verdict.a = a;
  verdict.b = b;
  verdict.judge = std::move(judge);
  if (of_a.usable() && of_b.usable() && of_a.score && of_b.score) {
    // Expected scores only when both candidates have one: a sampled score and an expected one
    // are not on the same footing.
    const bool expected = of_a.expected_used() && of_b.expected_used();
    verdict.score_a = expected ? of_a.expected_score : of_a.score;
    verdict.score_b = expected ? of_b.expected_score : of_b.score;
    verdict.verdict = verdict_from_scores_within(*verdict.score_a, *verdict.score_b,
                                                 expected ? of_a.tie_tolerance.value_or(0) : 0.0);
    verdict.reason = "independent scores";
    if (of_a.expected_used() || of_b.expected_used()) {
      verdict.reason +=
          expected ? " (expected)" : " (sampled: one candidate has no expected score)";
    } else if (of_a.scores_used || of_b.scores_used) {
      verdict.reason += " (sampled)";
    }
  } else {
    verdict.reason = "no usable score: " + failures_of({of_a, of_b}, false);
  }
  return verdict;
}

Task<PairVerdict> judge_pair(llm::ChatService& chat, const JudgingConfig& config,
                             const JudgeSpec& judge, const JudgeItem& item, int a, int b) {
  std::vector<Task<Judgment>> orders;
  for (bool swapped : pair_orders(config.swap, item.id, a, b)) {
    orders.push_back(judge_pair_order(chat, config, judge, item, a, b, swapped));
  }
  auto judgments = co_await gather(std::move(orders));
  co_return combine_orders(a, b, judge.endpoint, std::move(judgments));
}

}  // namespace pogen::pipeline
