#include "judge/panel.hpp"

#include <stdexcept>

#include "judge/call.hpp"
#include "judge/debate.hpp"
#include "judge/gather.hpp"
#include "judge/jury.hpp"
#include "judge/pair.hpp"

namespace pogen::pipeline {

JudgePanel::JudgePanel(llm::ChatService& chat, const JudgingConfig& config, const JudgeItem& item)
    : chat_(chat), config_(config), item_(item) {}

bool JudgePanel::scores_alone() const { return judges_each_answer_alone(config_); }

Task<void> JudgePanel::score_candidates() {
  std::vector<Task<Judgment>> calls;
  for (const auto& judge : config_.judges) {
    for (std::size_t i = 0; i < item_.candidates.size(); ++i) {
      calls.push_back(judge_candidate_alone(chat_, config_, judge, item_, static_cast<int>(i)));
    }
  }
  auto judgments = co_await gather(std::move(calls));
  scored_.assign(config_.judges.size(), {});
  std::size_t next = 0;
  for (auto& per_judge : scored_) {
    for (std::size_t i = 0; i < item_.candidates.size(); ++i) {
      per_judge.push_back(std::move(judgments[next++]));
    }
  }
}

std::vector<Judgment> JudgePanel::scored() const {
  std::vector<Judgment> out;
  for (const auto& per_judge : scored_) out.insert(out.end(), per_judge.begin(), per_judge.end());
  return out;
}

PairVerdict JudgePanel::decide_from_scores(int a, int b) const {
  if (scored_.size() != config_.judges.size()) {
    throw std::logic_error("JudgePanel: score_candidates() must run before decide()");
  }
  std::vector<PairVerdict> jurors;
  for (std::size_t j = 0; j < scored_.size(); ++j) {
    jurors.push_back(pair_from_scores(a, b, config_.judges[j].endpoint,
                                      scored_[j].at(static_cast<std::size_t>(a)),
                                      scored_[j].at(static_cast<std::size_t>(b))));
  }
  if (jurors.size() == 1) return std::move(jurors.front());
  return aggregate_jury(config_, a, b, std::move(jurors));
}

Task<PairVerdict> JudgePanel::decide(int a, int b) {
  if (config_.debate) co_return co_await debate_pair(chat_, config_, item_, a, b);
  if (scores_alone()) co_return decide_from_scores(a, b);
  if (config_.judges.size() == 1) {
    co_return co_await judge_pair(chat_, config_, config_.judges.front(), item_, a, b);
  }
  std::vector<Task<PairVerdict>> jurors;
  for (const auto& judge : config_.judges) {
    jurors.push_back(judge_pair(chat_, config_, judge, item_, a, b));
  }
  auto verdicts = co_await gather(std::move(jurors));
  co_return aggregate_jury(config_, a, b, std::move(verdicts));
}

}  // namespace pogen::pipeline
