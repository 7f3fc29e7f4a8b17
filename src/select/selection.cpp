#include "select/selection.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "core/whitespace.hpp"

namespace pogen::pipeline {
namespace {

struct Participant {
  std::size_t index = 0;
  double score = 0;
};

// Shortest round-trip text of v rounded to 6 decimals, always with a decimal point ("1.0"), so
// that reasons read "margin 0.4 below 1.0" rather than "margin 0.40000000000000036 below 1".
std::string format_score(double v) {
  std::string out = fmt::format("{}", std::round(v * 1e6) / 1e6);
  if (out.find_first_of(".en") == std::string::npos) out += ".0";
  return out;
}

// Candidates that take part, in index order; the others get a decision saying why not.
std::vector<Participant> participants(const std::vector<SelectionCandidate>& candidates,
                                      std::vector<SelectionDecision>& decisions) {
  std::vector<Participant> out;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    if (!c.usable) {
      decisions.push_back({i, std::nullopt, false, "unusable"});
    } else if (!c.score) {
      decisions.push_back({i, std::nullopt, false, "no score"});
    } else if (!std::isfinite(*c.score)) {
      throw std::invalid_argument(
          fmt::format("select_pairs: candidate {} has a score that is not a finite number", i));
    } else {
      out.push_back({i, *c.score});
    }
  }
  return out;
}

void check_verdicts(const std::vector<PairwiseVerdict>& verdicts, std::size_t candidates) {
  for (const auto& v : verdicts) {
    if (v.a >= candidates || v.b >= candidates) {
      throw std::invalid_argument(
          fmt::format("select_pairs: a verdict on candidates {} and {} names a candidate beyond "
                      "the {} given",
                      v.a, v.b, candidates));
    }
  }
}

bool same_score(double x, double y) { return std::abs(x - y) <= kScoreTolerance; }

// The pair as (would-be chosen, would-be rejected).
std::pair<Participant, Participant> ordered(Participant x, Participant y) {
  if (same_score(x.score, y.score)) return x.index < y.index ? std::pair{x, y} : std::pair{y, x};
  return x.score > y.score ? std::pair{x, y} : std::pair{y, x};
}

Participant best_of(const std::vector<Participant>& people) {
  Participant best = people.front();
  for (const auto& p : people) {
    if (p.score > best.score + kScoreTolerance) best = p;
  }
  return best;
}

Participant worst_other_than(const std::vector<Participant>& people, std::size_t best) {
  std::optional<Participant> worst;
  for (const auto& p : people) {
    if (p.index == best) continue;
    if (!worst || p.score < worst->score - kScoreTolerance) worst = p;
  }
  return *worst;
}

// Why a direct verdict vetoes chosen over rejected, if one does (the first in input order).
std::optional<std::string> veto(const std::vector<PairwiseVerdict>& verdicts, std::size_t chosen,
                                std::size_t rejected) {
  for (const auto& v : verdicts) {
    bool forward = v.a == chosen && v.b == rejected;
    bool backward = v.a == rejected && v.b == chosen;
    if (!forward && !backward) continue;
    if (!v.verdict) return "direct comparison failed";
    if (*v.verdict == metrics::Verdict::tie) return "judged tie in direct comparison";
    bool favours_chosen = (*v.verdict == metrics::Verdict::A) == forward;
    if (!favours_chosen) return "direct comparison favours the rejected candidate";
  }
  return std::nullopt;
}

struct PairCheck {
  const std::vector<SelectionCandidate>& candidates;
  const std::vector<PairwiseVerdict>& verdicts;
  const SelectionConfig& config;

  // Why chosen over rejected is not a pair; nullopt when it is one.
  std::optional<std::string> problem(Participant chosen, Participant rejected) const {
    if (normalize_whitespace(candidates[chosen.index].text) ==
        normalize_whitespace(candidates[rejected.index].text)) {
      return "identical texts";
    }
    double gap = chosen.score - rejected.score;
    if (same_score(chosen.score, rejected.score)) return "tie";
    if (gap < config.min_margin - kScoreTolerance) {
      return fmt::format("margin {} below {}", format_score(gap), format_score(config.min_margin));
    }
    return veto(verdicts, chosen.index, rejected.index);
  }
};

// The pairs the mode considers, each as (would-be chosen, would-be rejected), in order.
std::vector<std::pair<Participant, Participant>> considered(const std::vector<Participant>& people,
                                                            PairMode mode) {
  std::vector<std::pair<Participant, Participant>> out;
  if (people.size() < 2) return out;
  Participant best = best_of(people);
  switch (mode) {
    case PairMode::best_vs_worst:
      out.push_back(ordered(best, worst_other_than(people, best.index)));
      break;
    case PairMode::best_vs_rest:
      for (const auto& p : people) {
        if (p.index != best.index) out.push_back(ordered(best, p));
      }
      break;
    case PairMode::all_pairs:
      for (std::size_t i = 0; i < people.size(); ++i) {
        for (std::size_t j = i + 1; j < people.size(); ++j) {
          out.push_back(ordered(people[i], people[j]));
        }
      }
      break;
  }
  return out;
}

struct Kept {
  PreferencePair pair;
  std::size_t decision = 0;
};

bool before(const Kept& x, const Kept& y) {
  if (x.pair.gap() != y.pair.gap()) return x.pair.gap() > y.pair.gap();
  if (x.pair.chosen != y.pair.chosen) return x.pair.chosen < y.pair.chosen;
  return x.pair.rejected < y.pair.rejected;
}

void choose_pairs(const PairCheck& check, const std::vector<Participant>& people, Selection& out) {
  std::vector<Kept> kept;
  for (const auto& [chosen, rejected] : considered(people, check.config.mode)) {
    auto problem = check.problem(chosen, rejected);
    out.decisions.push_back({chosen.index, rejected.index, !problem, problem.value_or("kept")});
    if (!problem) {
      kept.push_back(
          {{chosen.index, rejected.index, chosen.score, rejected.score}, out.decisions.size() - 1});
    }
  }
  std::stable_sort(kept.begin(), kept.end(), before);
  std::size_t limit = kept.size();
  if (check.config.max_pairs_per_prompt) {
    limit =
        std::min(limit, static_cast<std::size_t>(std::max(0, *check.config.max_pairs_per_prompt)));
  }
  for (std::size_t k = 0; k < kept.size(); ++k) {
    if (k < limit) {
      out.pairs.push_back(kept[k].pair);
    } else {
      out.decisions[kept[k].decision].kept = false;
      out.decisions[kept[k].decision].reason = "max_pairs reached";
    }
  }
}

void label_by_rank(const PairCheck& check, const std::vector<Participant>& people, Selection& out) {
  if (people.size() < 2) return;
  Participant best = best_of(people);
  auto [chosen, rejected] = ordered(best, worst_other_than(people, best.index));
  if (check.problem(chosen, rejected)) return;
  out.kto.push_back({chosen.index, true, chosen.score});
  out.kto.push_back({rejected.index, false, rejected.score});
}

void label_by_threshold(const SelectionConfig& config, const std::vector<Participant>& people,
                        Selection& out) {
  for (const auto& p : people) {
    if (p.score >= config.kto_desirable_min - kScoreTolerance) {
      out.kto.push_back({p.index, true, p.score});
    } else if (p.score <= config.kto_undesirable_max + kScoreTolerance) {
      out.kto.push_back({p.index, false, p.score});
    }
  }
}

}  // namespace

std::vector<std::string> validate(const SelectionConfig& config) {
  std::vector<std::string> problems;
  if (!std::isfinite(config.min_margin) || config.min_margin < 0 || config.min_margin > 10) {
    problems.push_back(fmt::format("min_margin must be between 0 and 10, got {}",
                                   format_score(config.min_margin)));
  }
  if (config.max_pairs_per_prompt && *config.max_pairs_per_prompt < 1) {
    problems.push_back(fmt::format("max_pairs_per_prompt must be at least 1, got {}",
                                   *config.max_pairs_per_prompt));
  }
  if (config.kto != KtoLabeling::by_threshold) return problems;
  for (auto [name, value] : {std::pair{"kto_desirable_min", config.kto_desirable_min},
                             std::pair{"kto_undesirable_max", config.kto_undesirable_max}}) {
    if (!std::isfinite(value)) {
      problems.push_back(
          fmt::format("{} must be a finite number, got {}", name, format_score(value)));
    }
  }
  if (!(config.kto_desirable_min > config.kto_undesirable_max)) {
    problems.push_back(fmt::format(
        "kto_desirable_min ({}) must be greater than kto_undesirable_max ({})",
        format_score(config.kto_desirable_min), format_score(config.kto_undesirable_max)));
  }
  return problems;
}

Selection select_pairs(const std::vector<SelectionCandidate>& candidates,
                       const std::vector<PairwiseVerdict>& verdicts,
                       const SelectionConfig& config) {
  check_verdicts(verdicts, candidates.size());
  Selection out;
  std::vector<Participant> people = participants(candidates, out.decisions);
  PairCheck check{candidates, verdicts, config};
  choose_pairs(check, people, out);
  if (config.kto == KtoLabeling::by_rank) {
    label_by_rank(check, people, out);
  } else {
    label_by_threshold(config, people, out);
  }
  return out;
}

void tally_kto(KtoBalance& balance, const std::vector<KtoExample>& examples) {
  for (const auto& e : examples) ++(e.desirable ? balance.desirable : balance.undesirable);
  balance.ratio.reset();
  if (balance.undesirable > 0) {
    balance.ratio =
        static_cast<double>(balance.desirable) / static_cast<double>(balance.undesirable);
  }
}

nlohmann::json to_json(const SelectionDecision& decision, const std::vector<std::string>& ids) {
  nlohmann::json out{
      {"first", ids.at(decision.first)}, {"kept", decision.kept}, {"reason", decision.reason}};
  if (decision.second) out["second"] = ids.at(*decision.second);
  return out;
}

nlohmann::json to_json(const Selection& selection, const std::vector<std::string>& ids) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& p : selection.pairs) {
    pairs.push_back({{"chosen", ids.at(p.chosen)},
                     {"rejected", ids.at(p.rejected)},
                     {"chosen_score", p.chosen_score},
                     {"rejected_score", p.rejected_score}});
  }
  nlohmann::json kto = nlohmann::json::array();
  for (const auto& k : selection.kto) {
    kto.push_back(
        {{"candidate", ids.at(k.candidate)}, {"desirable", k.desirable}, {"score", k.score}});
  }
  nlohmann::json decisions = nlohmann::json::array();
  for (const auto& d : selection.decisions) decisions.push_back(to_json(d, ids));
  return {{"pairs", pairs}, {"kto", kto}, {"decisions", decisions}};
}

}  // namespace pogen::pipeline
