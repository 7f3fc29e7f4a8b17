#include "judge/record.hpp"

#include <cmath>

namespace pogen::pipeline {
namespace {

using nlohmann::json;

void put(json& out, const char* key, const std::optional<double>& value) {
  if (value) out[key] = *value;
}

void put(json& out, const char* key, const std::optional<std::string>& value) {
  if (value) out[key] = *value;
}

json usage_json(const llm::Usage& usage) {
  return {{"prompt_tokens", usage.prompt_tokens},
          {"completion_tokens", usage.completion_tokens},
          {"total_tokens", usage.total_tokens}};
}

template <typename T>
json array_of(const std::vector<T>& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

}  // namespace

metrics::Verdict verdict_from_scores_within(double score_a, double score_b, double tolerance) {
  const metrics::Verdict strict = metrics::verdict_from_scores(score_a, score_b);  // checks NaN
  return std::abs(score_a - score_b) <= tolerance ? metrics::Verdict::tie : strict;
}

std::optional<metrics::Verdict> judgment_verdict(const Judgment& judgment) {
  if (!judgment.usable()) return std::nullopt;
  auto a = judgment.used_score_a();
  auto b = judgment.used_score_b();
  if (a && b) return verdict_from_scores_within(*a, *b, judgment.tie_tolerance.value_or(0));
  if (judgment.pick) {
    switch (*judgment.pick) {
      case Pick::a:
        return metrics::Verdict::A;
      case Pick::b:
        return metrics::Verdict::B;
      case Pick::tie:
        return metrics::Verdict::tie;
    }
  }
  return std::nullopt;
}

json to_json(const Judgment& judgment) {
  json out = {{"judge", judgment.judge},
              {"model", judgment.model},
              {"strategy", name_of(judgment.strategy)},
              {"order", judgment.order},
              {"candidates", judgment.candidates}};
  if (!judgment.role.empty()) out["role"] = judgment.role;
  put(out, "raw", judgment.raw);
  put(out, "reask_raw", judgment.reask_raw);
  put(out, "score_a", judgment.score_a);
  put(out, "score_b", judgment.score_b);
  put(out, "score", judgment.score);
  if (judgment.pick) out["pick"] = name_of(*judgment.pick);
  put(out, "expected_score_a", judgment.expected_score_a);
  put(out, "expected_score_b", judgment.expected_score_b);
  put(out, "expected_score", judgment.expected_score);
  put(out, "expected_mass_a", judgment.expected_mass_a);
  put(out, "expected_mass_b", judgment.expected_mass_b);
  put(out, "expected_mass", judgment.expected_mass);
  if (!judgment.expected_unavailable.empty()) {
    out["expected_unavailable"] = judgment.expected_unavailable;
  }
  if (judgment.scores_used) out["scores_used"] = name_of(*judgment.scores_used);
  put(out, "tie_tolerance", judgment.tie_tolerance);
  out["status"] = name_of(judgment.status);
  if (!judgment.problem.empty()) out["problem"] = judgment.problem;
  out["usage"] = usage_json(judgment.usage);
  out["self_judged"] = judgment.self_judged;
  return out;
}

json to_json(const DebateUtterance& utterance) {
  json out = {{"round", utterance.round},
              {"role", utterance.role},
              {"judge", utterance.judge},
              {"model", utterance.model}};
  put(out, "text", utterance.text);
  out["status"] = name_of(utterance.status);
  if (!utterance.problem.empty()) out["problem"] = utterance.problem;
  out["usage"] = usage_json(utterance.usage);
  return out;
}

json to_json(const DebateRecord& debate) {
  return {{"rounds", debate.rounds},
          {"aggregation", name_of(debate.aggregation)},
          {"transcript", array_of(debate.transcript)},
          {"finals", array_of(debate.finals)}};
}

json to_json(const PairVerdict& verdict) {
  json out = {{"a", verdict.a},
              {"b", verdict.b},
              {"verdict", verdict.verdict ? name_of(*verdict.verdict) : "failed"},
              {"orders_disagree", verdict.orders_disagree},
              {"reason", verdict.reason}};
  if (!verdict.judge.empty()) out["judge"] = verdict.judge;
  put(out, "score_a", verdict.score_a);
  put(out, "score_b", verdict.score_b);
  if (!verdict.judgments.empty()) out["judgments"] = array_of(verdict.judgments);
  if (!verdict.jurors.empty()) out["jurors"] = array_of(verdict.jurors);
  if (verdict.debate) out["debate"] = to_json(*verdict.debate);
  return out;
}

json to_json(const CandidateStanding& standing) {
  json out = {{"index", standing.index},
              {"wins", standing.wins},
              {"pairs", standing.pairs},
              {"scores", standing.scores}};
  put(out, "mean_score", standing.mean_score);
  return out;
}

json to_json(const JuryAgreement& agreement) {
  json out = {{"pairs", agreement.pairs},
              {"complete", agreement.complete},
              {"unanimous", agreement.unanimous}};
  put(out, "unanimous_share", agreement.unanimous_share);
  put(out, "fleiss_kappa", agreement.fleiss_kappa);
  return out;
}

json to_json(const Ranking& ranking) {
  json out = {{"method", name_of(ranking.method)}};
  if (ranking.best) out["best"] = *ranking.best;
  if (ranking.worst) out["worst"] = *ranking.worst;
  out["selection"] = ranking.selection;
  out["standings"] = array_of(ranking.standings);
  out["pairs"] = array_of(ranking.pairs);
  if (!ranking.scored.empty()) out["scored"] = array_of(ranking.scored);
  if (ranking.agreement) out["agreement"] = to_json(*ranking.agreement);
  return out;
}

}  // namespace pogen::pipeline
