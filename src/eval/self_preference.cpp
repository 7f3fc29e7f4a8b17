#include "eval/self_preference.hpp"

#include <map>
#include <set>

#include "core/json_output.hpp"
#include "eval/study_report.hpp"

namespace pogen::eval {
namespace {

std::optional<double> rate(std::size_t own, std::size_t other) {
  if (own + other == 0) return std::nullopt;
  return static_cast<double>(own) / static_cast<double>(own + other);
}

void count(const std::optional<metrics::Verdict>& verdict, metrics::Verdict own,
           std::size_t& for_own, std::size_t& for_other) {
  if (!verdict || *verdict == metrics::Verdict::tie) return;
  ++(*verdict == own ? for_own : for_other);
}

}  // namespace

std::optional<double> SelfPreference::judge_rate() const { return rate(judge_own, judge_other); }
std::optional<double> SelfPreference::human_rate() const { return rate(human_own, human_other); }

std::optional<double> SelfPreference::score() const {
  const auto judge = judge_rate();
  const auto human = human_rate();
  if (!judge || !human) return std::nullopt;
  return *judge - *human;
}

SelfPreference self_preference(const std::vector<SelfPreferenceItem>& items) {
  SelfPreference out;
  std::set<std::size_t> seen;
  for (const auto& item : items) {
    count(item.judge, item.own, out.judge_own, out.judge_other);
    // The humans' label counts once per pair, however many judges' verdicts it has.
    if (!seen.insert(item.pair).second) continue;
    ++out.items;
    count(item.human, item.own, out.human_own, out.human_other);
  }
  return out;
}

SelfPreferenceReport self_preference_report(const std::vector<SelfPreferenceItem>& items,
                                            const metrics::BootstrapOptions& options) {
  std::map<std::size_t, std::vector<SelfPreferenceItem>> by_pair;
  for (const auto& item : items) by_pair[item.pair].push_back(item);
  std::vector<const std::vector<SelfPreferenceItem>*> pairs;
  for (const auto& [pair, group] : by_pair) pairs.push_back(&group);
  std::vector<std::optional<double>> estimates;
  estimates.reserve(options.resamples);
  metrics::for_each_resample(pairs.size(), options, [&](std::span<const std::size_t> indices) {
    std::vector<SelfPreferenceItem> resample;
    for (std::size_t index : indices) {
      resample.insert(resample.end(), pairs[index]->begin(), pairs[index]->end());
    }
    estimates.push_back(self_preference(resample).score());
  });
  return {self_preference(items), metrics::percentile_interval(estimates)};
}

nlohmann::json to_json(const SelfPreferenceReport& report) {
  nlohmann::json out = to_json(report.point);
  out["score_interval"] = interval_json(report.score);
  return out;
}

nlohmann::json to_json(const SelfPreference& p) {
  return {{"items", p.items},
          {"judge_own", p.judge_own},
          {"judge_other", p.judge_other},
          {"human_own", p.human_own},
          {"human_other", p.human_other},
          {"judge_own_rate", io::number_or_null(p.judge_rate())},
          {"human_own_rate", io::number_or_null(p.human_rate())},
          {"score", io::number_or_null(p.score())}};
}

}  // namespace pogen::eval
