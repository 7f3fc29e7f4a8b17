#include "judge/judged_item.hpp"

#include <utility>

#include "core/whitespace.hpp"
#include "generate/candidate_id.hpp"
#include "judge/rank.hpp"

namespace pogen::pipeline {

JudgedItem prepare_judging(const GeneratedItem& generated, EmptyAnswers empty) {
  JudgedItem judged;
  judged.item.id = generated.id;
  judged.item.conversation = generated.conversation;
  for (std::size_t i = 0; i < generated.candidates.size(); ++i) {
    const Candidate& c = generated.candidates[i];
    if (c.truncated) {
      judged.skipped.push_back({i, "truncated"});
    } else if (empty == EmptyAnswers::skip && normalize_whitespace(c.text).empty()) {
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
                              " candidates can be judged (" +
                              (empty == EmptyAnswers::skip ? "truncated or empty answers are not"
                                                           : "truncated answers are not") +
                              ")";
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
                                 GeneratedItem generated, EmptyAnswers empty) {
  JudgedItem judged = prepare_judging(generated, empty);
  if (judged.item.candidates.size() >= 2) {
    Ranking ranking = co_await rank_candidates(chat, config, judged.item);
    judged.ranking = std::move(ranking);
    settle_status(judged);
  }
  co_return judged;
}

std::vector<std::string> judged_candidate_ids(const JudgedItem& judged) {
  std::vector<std::string> ids;
  for (const auto& c : judged.candidates) ids.push_back(candidate_id(c.source_index));
  return ids;
}

namespace {

using nlohmann::json;

std::string id_at(const std::vector<std::string>& ids, const json& position) {
  return ids.at(position.get<std::size_t>());
}

// Adds the generation ids beside the judged positions, at any depth of a ranking: pair verdicts
// ({"a", "b"}, jurors' and debates' included), judgments ("candidates"), standings ("index").
void name_candidates(json& node, const std::vector<std::string>& ids) {
  if (node.is_array()) {
    for (auto& element : node) name_candidates(element, ids);
    return;
  }
  if (!node.is_object()) return;
  for (auto& [key, value] : node.items()) name_candidates(value, ids);
  const auto is_position = [&](const char* key) {
    return node.contains(key) && node[key].is_number_integer() && node[key].get<long>() >= 0;
  };
  if (is_position("a") && is_position("b")) {
    node["a_id"] = id_at(ids, node["a"]);
    node["b_id"] = id_at(ids, node["b"]);
  }
  if (is_position("index") && node.contains("wins")) node["id"] = id_at(ids, node["index"]);
  if (node.contains("candidates") && node["candidates"].is_array() && node.contains("strategy")) {
    json named = json::array();
    for (const auto& position : node["candidates"]) named.push_back(id_at(ids, position));
    node["candidate_ids"] = std::move(named);
  }
}

json ranking_json(const Ranking& ranking, const std::vector<std::string>& ids) {
  json out = to_json(ranking);
  name_candidates(out, ids);
  if (ranking.best) out["best_id"] = ids.at(static_cast<std::size_t>(*ranking.best));
  if (ranking.worst) out["worst_id"] = ids.at(static_cast<std::size_t>(*ranking.worst));
  return out;
}

}  // namespace

nlohmann::json to_json(const JudgedItem& judged) {
  const auto ids = judged_candidate_ids(judged);
  json candidates = json::array();
  for (std::size_t i = 0; i < judged.candidates.size(); ++i) {
    candidates.push_back({{"id", ids[i]},
                          {"text", judged.item.candidates[i].text},
                          {"model", judged.item.candidates[i].model},
                          {"endpoint", judged.candidates[i].endpoint},
                          {"source_index", judged.candidates[i].source_index}});
  }
  json skipped = json::array();
  for (const auto& s : judged.skipped) {
    skipped.push_back({{"id", candidate_id(s.source_index)},
                       {"source_index", s.source_index},
                       {"reason", s.reason}});
  }
  json out = {{"id", judged.item.id},
              {"status", name_of(judged.status)},
              {"candidates", std::move(candidates)},
              {"skipped", std::move(skipped)}};
  if (!judged.reason.empty()) out["reason"] = judged.reason;
  if (judged.ranking) out["ranking"] = ranking_json(*judged.ranking, ids);
  return out;
}

}  // namespace pogen::pipeline
