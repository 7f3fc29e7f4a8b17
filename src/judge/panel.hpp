#pragma once
// Who decides a pair under a config: one judge, a jury (every judge judges the pair as a single
// judge would, then their verdicts are aggregated), or a debate. With independent scoring (the
// independent strategy, or rank independent_scores) every judge first scores every candidate
// alone, once, and pair verdicts are derived from those scores without further calls.

#include <vector>

#include "chat/chat_service.hpp"
#include "core/task.hpp"
#include "judge/item_view.hpp"
#include "judge/judge_config.hpp"
#include "judge/record.hpp"

namespace pogen::pipeline {

class JudgePanel {
 public:
  // The panel keeps references: chat, config and item must outlive it.
  JudgePanel(llm::ChatService& chat, const JudgingConfig& config, const JudgeItem& item);

  bool scores_alone() const;
  // Independent scoring: every judge scores every candidate, all concurrently. Call once,
  // before decide().
  Task<void> score_candidates();
  // Those judgments, judge by judge, candidates in index order.
  std::vector<Judgment> scored() const;

  Task<PairVerdict> decide(int a, int b);

 private:
  PairVerdict decide_from_scores(int a, int b) const;

  llm::ChatService& chat_;
  const JudgingConfig& config_;
  const JudgeItem& item_;
  std::vector<std::vector<Judgment>> scored_;  // [judge][candidate]
};

}  // namespace pogen::pipeline
