#include "run/judge_summary.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "core/json_output.hpp"
#include "eval/study_report.hpp"
#include "metrics/wilson.hpp"

namespace pogen::cli {
std::string status_counts_text(const std::map<std::string, std::size_t>& by_status,
                               std::initializer_list<const char*> order) {
  std::string out;
  auto add = [&](const std::string& name, std::size_t n) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, name);
  };
  for (const char* name : order) {
    auto it = by_status.find(name);
    add(name, it == by_status.end() ? 0 : it->second);
  }
  for (const auto& [name, n] : by_status) {
    bool listed = false;
    for (const char* o : order) listed |= name == o;
    if (!listed) add(name, n);
  }
  return out;
}

nlohmann::json family_preference_json(const pipeline::FamilyPreferenceReport& report) {
  nlohmann::json families = nlohmann::json::array();
  for (const auto& f : report.families) {
    families.push_back({{"family", f.family},
                        {"judges", f.judges},
                        {"pairs", f.pairs},
                        {"own_for", f.own_for},
                        {"own_against", f.own_against},
                        {"other_for", f.other_for},
                        {"other_against", f.other_against},
                        {"own_rate", io::number_or_null(f.own_rate())},
                        {"other_rate", io::number_or_null(f.other_rate())},
                        {"score", io::number_or_null(f.score())},
                        {"score_interval", eval::interval_json(f.score_interval)}});
  }
  return {
      {"families", families},
      {"not_applicable", report.not_applicable.empty() ? nlohmann::json(nullptr)
                                                       : nlohmann::json(report.not_applicable)}};
}

namespace {

std::string percent(const std::optional<double>& value) {
  return value ? fmt::format("{:.1f}%", *value * 100) : std::string("n/a");
}

void print_position_consistency(const pipeline::JudgingTally& tally) {
  for (const auto& [judge, orders] : tally.by_judge) {
    const auto interval = metrics::wilson_interval(orders.consistent, orders.pairs_both_orders);
    fmt::print(stderr, "  consistent:     {} {} of {} pairs ({}, Wilson 95% {:.1f}-{:.1f}%)\n",
               judge, orders.consistent, orders.pairs_both_orders, percent(orders.consistency()),
               interval->lower * 100, interval->upper * 100);
  }
}

void print_family_preference(const pipeline::FamilyPreferenceReport& report) {
  if (!report.not_applicable.empty()) {
    fmt::print(stderr, "family preference: n/a ({})\n", report.not_applicable);
    return;
  }
  for (const auto& f : report.families) {
    if (f.score()) {
      const auto& interval = f.score_interval.interval;
      fmt::print(stderr,
                 "family preference: {} {:+.3f} on {} pairs with one {} answer ({} jurors {}, "
                 "the others {}{})\n",
                 f.family, *f.score(), f.pairs, f.family, f.family, percent(f.own_rate()),
                 percent(f.other_rate()),
                 interval ? fmt::format("; 95% interval {:+.3f} to {:+.3f}", interval->lower,
                                        interval->upper)
                          : std::string());
    } else {
      fmt::print(stderr, "family preference: {} n/a ({} pairs with one {} answer judged by both)\n",
                 f.family, f.pairs, f.family);
    }
  }
}

}  // namespace

void print_judge_summary(const pipeline::JudgingTally& tally, const std::string& output_path,
                         const pipeline::FamilyPreferenceReport& family) {
  std::size_t calls = 0;
  for (const auto& [status, n] : tally.judgments) calls += n;
  std::string flips =
      tally.flip_rate()
          ? fmt::format("{} of {} pairs judged in both orders ({:.1f}%)", tally.position_flips,
                        tally.pairs_both_orders, *tally.flip_rate() * 100)
          : std::string("n/a (no pair was judged in both orders)");
  fmt::print(stderr,
             "judged items:     {} ({}) -> {}\n"
             "judge calls:      {} ({})\n"
             "position flips:   {}\n"
             "self-judged:      {} judgments\n",
             tally.item_count(),
             status_counts_text(tally.items, {"ok", "no_preference", "failed", "skipped"}),
             output_path, calls,
             status_counts_text(tally.judgments,
                                {"ok", "parse_failed", "refused", "truncated", "transport_error"}),
             flips, tally.self_judged);
  print_position_consistency(tally);
  // A single judge has nothing to compare: said in judge-summary.json, not on the terminal.
  if (!tally.jury_pairs.empty()) {
    print_family_preference(family);
  }
}

void write_judge_summary(const std::string& run_dir, const pipeline::JudgingTally& tally,
                         const pipeline::FamilyPreferenceReport& family) {
  nlohmann::json summary = pipeline::to_json(tally);
  summary["family_preference"] = family_preference_json(family);
  io::write_json_document(run_dir + "/judge-summary.json", summary);
}

}  // namespace pogen::cli
