#include "run/judge_batch.hpp"

#include <fmt/format.h>

#include "core/json_output.hpp"
#include "core/whitespace.hpp"
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
                             bool quiet, pipeline::EmptyAnswers empty) {
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
    return pipeline::judge_generated(session.chat(), judging, std::move(item), empty);
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

pipeline::EmptyAnswers empty_answers_rule(bool skip_empty_answers) {
  return skip_empty_answers ? pipeline::EmptyAnswers::skip : pipeline::EmptyAnswers::judge;
}

std::size_t count_empty_answer_items(const std::vector<pipeline::GeneratedItem>& items) {
  std::size_t count = 0;
  for (const auto& item : items) {
    for (const auto& candidate : item.candidates) {
      if (normalize_whitespace(candidate.text).empty()) {
        ++count;
        break;
      }
    }
  }
  return count;
}

void print_empty_answer_pairs(std::size_t count, bool skipped) {
  if (count == 0) return;
  fmt::print(stderr, "empty answers:    {} pairs have an empty answer; {}\n", count,
             skipped ? "left out (--skip-empty-answers), counted as judge failures"
                     : "judged as given (--skip-empty-answers leaves them out)");
}

nlohmann::json empty_answer_pairs_json(std::size_t count, bool skipped) {
  return {{"count", count}, {"judged", !skipped}};
}

}  // namespace pogen::cli
