#include "eval/self_preference.hpp"

#include "core/json_output.hpp"

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

SelfPreference self_preference(const std::vector<SelfPreferenceItem>& items) {
  SelfPreference out;
  for (const auto& item : items) {
    ++out.items;
    count(item.judge, item.own, out.judge_own, out.judge_other);
    count(item.human, item.own, out.human_own, out.human_other);
  }
  return out;
}

nlohmann::json to_json(const SelfPreference& p) {
  return {{"items", p.items},
          {"judge_own", p.judge_own},
          {"judge_other", p.judge_other},
          {"human_own", p.human_own},
          {"human_other", p.human_other},
          {"judge_own_rate", io::number_or_null(p.judge_rate())},
          {"human_own_rate", io::number_or_null(p.human_rate())}};
}

}  // namespace pogen::eval
