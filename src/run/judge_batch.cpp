#include "run/judge_batch.hpp"

#include "core/json_output.hpp"
#include "judge/judged_item.hpp"
#include "run/item_plans.hpp"
#include "run/ordered_runner.hpp"

namespace pogen::cli {
namespace {

void record_verdict(const pipeline::JudgedItem& judged, JudgeBatchResult& result) {
  std::optional<metrics::Verdict> verdict;
  std::string reason = judged.reason;
  if (judged.ranking) {
    for (const auto& pair : judged.ranking->pairs) {
      if (pair.a == 0 && pair.b == 1) {
        verdict = pair.verdict;
        if (!verdict) reason = pair.reason;
      }
    }
  }
  if (verdict) reason.clear();
  result.verdicts.push_back(verdict);
  result.reasons.push_back(reason);
}

}  // namespace

JudgeBatchResult judge_batch(RunSession& session, std::vector<pipeline::GeneratedItem> items,
                             bool quiet) {
  const auto& judging = *session.config().judging;
  auto& judgments = session.output("judgments.jsonl");
  JudgeBatchResult result;

  const std::size_t total = items.size();
  std::size_t next = 0;
  pipeline::OrderedRun<pipeline::GeneratedItem, pipeline::JudgedItem> work;
  work.next = [&]() -> std::optional<pipeline::GeneratedItem> {
    if (next == items.size()) return std::nullopt;
    return std::move(items[next++]);
  };
  work.work = [&](pipeline::GeneratedItem item) {
    return pipeline::judge_generated(session.chat(), judging, std::move(item));
  };
  work.emit = [&](pipeline::JudgedItem judged) {
    result.tally.add(judged);
    record_verdict(judged, result);
    judgments.write_line(io::jsonl_line(pipeline::to_json(judged)));
  };
  const auto counts = [&] {
    return ItemCounts{result.tally.item_count(), total, result.tally.failed_items()};
  };
  const auto& config = session.config();
  session.run_items(
      std::move(work), counts, quiet,
      RunSession::PlanOf<pipeline::GeneratedItem>(
          [&](const pipeline::GeneratedItem& item) { return judging_reservation(config, item); }));
  session.commit_outputs();
  session.report_stop(result.tally.item_count(), total);
  return result;
}

}  // namespace pogen::cli
