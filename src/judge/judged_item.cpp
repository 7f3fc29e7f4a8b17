#include "judge/judged_item.hpp"

#include <utility>

#include "core/whitespace.hpp"
#include "judge/rank.hpp"

namespace pogen::pipeline {

JudgedItem prepare_judging(const GeneratedItem& generated) {
  JudgedItem judged;
  judged.item.id = generated.id;
  judged.item.conversation = generated.conversation;
  for (std::size_t i = 0; i < generated.candidates.size(); ++i) {
    const Candidate& c = generated.candidates[i];
    if (c.truncated) {
      judged.skipped.push_back({i, "truncated"});
    } else if (normalize_whitespace(c.text).empty()) {
      judged.skipped.push_back({i, "empty"});
    } else {
      judged.item.candidates.push_back({c.text, c.model});
      judged.candidates.push_back({i, c.endpoint});
    }
  }
  if (judged.item.candidates.size() < 2) {
    judged.status = JudgedStatus::skipped;
    judged.reason = generated.candidates.empty()
                        ? "generation produced no candidate"
                        : std::to_string(judged.item.candidates.size()) + " of " +
                              std::to_string(generated.candidates.size()) +
                              " candidates can be judged (truncated or empty answers are not)";
  }
  return judged;
}

namespace {

bool any_usable(const Ranking& ranking) {
  for (const auto& pair : ranking.pairs) {
    if (pair.verdict) return true;
  }
  for (const auto& judgment : ranking.scored) {
    if (judgment.usable()) return true;
  }
  return false;
}

}  // namespace

void settle_status(JudgedItem& judged) {
  if (!judged.ranking) return;
  const Ranking& ranking = *judged.ranking;
  if (ranking.best && ranking.worst) {
    judged.status = JudgedStatus::ok;
    judged.reason.clear();
  } else if (any_usable(ranking)) {
    judged.status = JudgedStatus::no_preference;
    judged.reason = ranking.selection;
  } else {
    judged.status = JudgedStatus::failed;
    judged.reason = "no judgment gave a verdict: " + ranking.selection;
  }
}

Task<JudgedItem> judge_generated(llm::ChatService& chat, const JudgingConfig& config,
                                 GeneratedItem generated) {
  JudgedItem judged = prepare_judging(generated);
  if (judged.item.candidates.size() >= 2) {
    Ranking ranking = co_await rank_candidates(chat, config, judged.item);
    judged.ranking = std::move(ranking);
    settle_status(judged);
  }
  co_return judged;
}

nlohmann::json to_json(const JudgedItem& judged) {
  using nlohmann::json;
  json candidates = json::array();
  for (std::size_t i = 0; i < judged.candidates.size(); ++i) {
    candidates.push_back({{"text", judged.item.candidates[i].text},
                          {"model", judged.item.candidates[i].model},
                          {"endpoint", judged.candidates[i].endpoint},
                          {"source_index", judged.candidates[i].source_index}});
  }
  json skipped = json::array();
  for (const auto& s : judged.skipped) {
    skipped.push_back({{"source_index", s.source_index}, {"reason", s.reason}});
  }
  json out = {{"id", judged.item.id},
              {"status", name_of(judged.status)},
              {"candidates", std::move(candidates)},
              {"skipped", std::move(skipped)}};
  if (!judged.reason.empty()) out["reason"] = judged.reason;
  if (judged.ranking) out["ranking"] = to_json(*judged.ranking);
  return out;
}

}  // namespace pogen::pipeline
