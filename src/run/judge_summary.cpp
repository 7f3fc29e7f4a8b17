#include "run/judge_summary.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "core/json_output.hpp"

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

void print_judge_summary(const pipeline::JudgingTally& tally, const std::string& output_path) {
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
}

void write_judge_summary(const std::string& run_dir, const pipeline::JudgingTally& tally) {
  io::write_json_document(run_dir + "/judge-summary.json", pipeline::to_json(tally));
}

}  // namespace pogen::cli
