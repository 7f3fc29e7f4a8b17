#include "judge/self_bias.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <span>

namespace pogen::pipeline {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string shared_family(std::string_view model_a, std::string_view model_b,
                          const std::vector<std::string>& families) {
  const std::string a = lower(model_a);
  const std::string b = lower(model_b);
  for (const auto& family : families) {
    const std::string f = lower(family);
    if (f.empty()) continue;
    if (a.find(f) != std::string::npos && b.find(f) != std::string::npos) return family;
  }
  return "";
}

bool same_family(std::string_view judge_model, std::string_view generator_model,
                 const std::vector<std::string>& families) {
  return judge_model == generator_model ||
         !shared_family(judge_model, generator_model, families).empty();
}

std::vector<SelfJudgeClash> check_self_judging(const std::vector<std::string>& judge_models,
                                               const std::vector<std::string>& generator_models,
                                               const std::vector<std::string>& families) {
  std::vector<SelfJudgeClash> clashes;
  for (const auto& judge : judge_models) {
    for (const auto& generator : generator_models) {
      if (!same_family(judge, generator, families)) continue;
      SelfJudgeClash clash{judge, generator,
                           judge == generator ? "" : shared_family(judge, generator, families)};
      if (std::find(clashes.begin(), clashes.end(), clash) == clashes.end()) {
        clashes.push_back(std::move(clash));
      }
    }
  }
  return clashes;
}

std::string describe(const SelfJudgeClash& clash) {
  if (clash.family.empty()) {
    return "judge model \"" + clash.judge_model + "\" also generates candidates";
  }
  return "judge model \"" + clash.judge_model + "\" shares family \"" + clash.family +
         "\" with generator model \"" + clash.generator_model + "\"";
}

std::string family_of(std::string_view model, const std::vector<std::string>& families) {
  const std::string name = lower(model);
  for (const auto& family : families) {
    const std::string f = lower(family);
    if (!f.empty() && name.find(f) != std::string::npos) return family;
  }
  return std::string(model);
}

std::vector<SharedJuryFamily> shared_jury_families(
    const std::vector<std::pair<std::string, std::string>>& jurors,
    const std::vector<std::string>& families) {
  std::vector<SharedJuryFamily> out;
  if (jurors.size() < 2) return out;
  std::map<std::string, SharedJuryFamily> by_family;
  std::vector<std::string> order;
  for (const auto& [endpoint, model] : jurors) {
    const std::string family = family_of(model, families);
    auto [it, fresh] = by_family.try_emplace(family);
    if (fresh) order.push_back(family);
    it->second.family = family;
    it->second.jurors.push_back(endpoint);
    it->second.models.push_back(model);
  }
  for (const auto& family : order) {
    if (by_family[family].jurors.size() > 1) out.push_back(std::move(by_family[family]));
  }
  return out;
}

std::string describe(const SharedJuryFamily& shared) {
  std::string names;
  for (std::size_t i = 0; i < shared.jurors.size(); ++i) {
    if (i > 0) names += i + 1 == shared.jurors.size() ? " and " : ", ";
    names += "\"" + shared.jurors[i] + "\" (" + shared.models[i] + ")";
  }
  return "jurors " + names + " share family \"" + shared.family +
         "\"; PoLL's advice is a jury of disjoint families (their shared preferences do not "
         "average out)";
}

namespace {

std::optional<double> share(std::size_t count, std::size_t other) {
  if (count + other == 0) return std::nullopt;
  return static_cast<double>(count) / static_cast<double>(count + other);
}

}  // namespace

std::optional<double> FamilyPreference::own_rate() const { return share(own_for, own_against); }
std::optional<double> FamilyPreference::other_rate() const {
  return share(other_for, other_against);
}
std::optional<double> FamilyPreference::score() const {
  const auto own = own_rate();
  const auto other = other_rate();
  if (!own || !other) return std::nullopt;
  return *own - *other;
}

namespace {

// One counted pair's verdicts, for the bootstrap.
struct PairCounts {
  std::size_t own_for = 0, own_against = 0, other_for = 0, other_against = 0;
};

void add_interval(FamilyPreference& f, const std::vector<PairCounts>& counted,
                  const metrics::BootstrapOptions& bootstrap) {
  std::vector<std::optional<double>> estimates;
  estimates.reserve(bootstrap.resamples);
  metrics::for_each_resample(counted.size(), bootstrap, [&](std::span<const std::size_t> indices) {
    FamilyPreference resample;
    for (std::size_t index : indices) {
      resample.own_for += counted[index].own_for;
      resample.own_against += counted[index].own_against;
      resample.other_for += counted[index].other_for;
      resample.other_against += counted[index].other_against;
    }
    estimates.push_back(resample.score());
  });
  f.score_interval = metrics::percentile_interval(estimates);
}

}  // namespace

FamilyPreferenceReport family_preference(const std::vector<JuryPairVotes>& pairs,
                                         const std::vector<std::string>& families,
                                         const metrics::BootstrapOptions& bootstrap) {
  FamilyPreferenceReport report;
  if (pairs.empty()) {
    report.not_applicable =
        "no jury verdicts: a single judge (or a debate) has no judge of another family on the "
        "same pairs to compare with";
    return report;
  }
  std::map<std::string, FamilyPreference> by_family;
  for (const auto& pair : pairs) {
    for (const auto& vote : pair.votes) {
      FamilyPreference& f = by_family[family_of(vote.model, families)];
      f.family = family_of(vote.model, families);
      if (std::find(f.judges.begin(), f.judges.end(), vote.judge) == f.judges.end()) {
        f.judges.push_back(vote.judge);
      }
    }
  }
  if (by_family.size() < 2) {
    report.not_applicable = "every juror is of family \"" + by_family.begin()->first +
                            "\": no judge of another family to compare with";
    return report;
  }
  for (auto& [family, f] : by_family) {
    std::vector<PairCounts> counted;
    for (const auto& pair : pairs) {
      const bool a = family_of(pair.model_a, families) == family && !pair.model_a.empty();
      const bool b = family_of(pair.model_b, families) == family && !pair.model_b.empty();
      if (a == b) continue;
      const metrics::Verdict own = a ? metrics::Verdict::A : metrics::Verdict::B;
      bool own_voted = false;
      bool other_voted = false;
      for (const auto& vote : pair.votes) {
        if (!vote.verdict) continue;
        (family_of(vote.model, families) == family ? own_voted : other_voted) = true;
      }
      if (!own_voted || !other_voted) continue;
      ++f.pairs;
      PairCounts c;
      for (const auto& vote : pair.votes) {
        if (!vote.verdict || *vote.verdict == metrics::Verdict::tie) continue;
        const bool mine = family_of(vote.model, families) == family;
        const bool for_own = *vote.verdict == own;
        ++(mine ? (for_own ? c.own_for : c.own_against)
                : (for_own ? c.other_for : c.other_against));
      }
      f.own_for += c.own_for;
      f.own_against += c.own_against;
      f.other_for += c.other_for;
      f.other_against += c.other_against;
      counted.push_back(c);
    }
    add_interval(f, counted, bootstrap);
    report.families.push_back(std::move(f));
  }
  return report;
}

}  // namespace pogen::pipeline
