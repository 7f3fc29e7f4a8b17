// pogen winrate: setup A against setup B on the same prompts. For every prompt id in both
// candidates files, the judging setup compares A's answer with B's (both orders by default) and
// the result counts as a win, tie or loss for A; the win rate is reported with ties as non-wins
// (the paper's convention) and with ties as half, each with a bootstrap interval, and
// controlled for the answers' lengths (AlpacaEval 2's length-controlled win rate).

#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/stage_flags.hpp"
#include "cli/subcommand.hpp"
#include "core/diagnostics.hpp"
#include "core/exit_code.hpp"
#include "core/json_output.hpp"
#include "core/whitespace.hpp"
#include "eval/label_source.hpp"
#include "eval/study_report.hpp"
#include "generate/candidates_reader.hpp"
#include "metrics/length_controlled.hpp"
#include "metrics/win_rate.hpp"
#include "run/item_plans.hpp"
#include "run/judge_batch.hpp"
#include "run/judge_summary.hpp"
#include "run/self_judge_guard.hpp"
#include "run/stage_setup.hpp"

namespace pogen::cli {
namespace {

struct WinrateOptions {
  ConfigFlags config;
  RunDirFlags run_dir;
  std::string a;
  std::string b;
  std::string pick = "last";
  std::uint64_t seed = metrics::kDefaultBootstrapSeed;
  std::size_t resamples = metrics::kDefaultResamples;
  double max_failure_rate = 0.05;
  bool skip_empty_answers = false;
};

void add_flags(CLI::App& app, WinrateOptions& o) {
  add_config_flags(app, o.config, "Config file with endpoints and a judging section")->required();
  app.add_option("--a", o.a, "candidates.jsonl of setup A")->required();
  app.add_option("--b", o.b, "candidates.jsonl of setup B")->required();
  add_run_dir_flags(app, o.run_dir);
  add_failure_rate_flag(app, o.max_failure_rate, "items failed judging");
  add_skip_empty_answers_flag(app, o.skip_empty_answers);
  app.add_option("--pick", o.pick,
                 "Which answer of a setup is compared: last (default: a feedback loop's final "
                 "iteration) or first usable candidate")
      ->check(CLI::IsMember({"last", "first"}));
  app.add_option("--seed", o.seed, "Bootstrap seed (default 42)");
  app.add_option("--resamples", o.resamples, "Bootstrap resamples (default 1000; 0: none)");
}

struct PickRule {
  bool last = true;
  bool skip_empty = false;
};

// The setup's answer to compare: the last (or first) candidate that is not truncated (nor empty
// with --skip-empty-answers: an empty answer is what the setup answered, and is judged as such);
// nullopt when there is none.
std::optional<pipeline::Candidate> pick_answer(const pipeline::GeneratedItem& item, PickRule rule) {
  std::optional<pipeline::Candidate> picked;
  for (const auto& c : item.candidates) {
    if (c.truncated || (rule.skip_empty && normalize_whitespace(c.text).empty())) continue;
    picked = c;
    if (!rule.last) break;
  }
  return picked;
}

struct Matchups {
  std::vector<pipeline::GeneratedItem> items;  // candidates[0] from A, [1] from B
  std::vector<std::string> unanswered;         // "id: A has no usable answer", ...
  std::set<std::string> models;
};

// Every id of A must be in B and the other way round: a prompt left out of one setup would
// silently change what the rate is over.
Matchups match_setups(const std::string& path_a, const std::string& path_b, PickRule rule) {
  std::map<std::string, pipeline::GeneratedItem> in_b;
  std::map<std::string, std::size_t> line_b;
  pipeline::CandidatesReader reader_b(path_b);
  while (auto item = reader_b.next()) {
    line_b[item->id] = reader_b.line();
    in_b.emplace(item->id, std::move(*item));
  }
  Matchups out;
  Diagnostics problems;
  pipeline::CandidatesReader reader_a(path_a);
  while (auto a = reader_a.next()) {
    auto b = in_b.find(a->id);
    if (b == in_b.end()) {
      problems.add(path_a, reader_a.line(), "id", "\"" + a->id + "\" is not in " + path_b);
      continue;
    }
    auto answer_a = pick_answer(*a, rule);
    auto answer_b = pick_answer(b->second, rule);
    if (!answer_a || !answer_b) {
      out.unanswered.push_back(a->id + ": " + (answer_a ? "B" : "A") + " has no usable answer");
    } else {
      pipeline::GeneratedItem pair;
      pair.id = a->id;
      pair.conversation = a->conversation;
      pair.candidates = {*answer_a, *answer_b};
      out.models.insert(answer_a->model);
      out.models.insert(answer_b->model);
      out.items.push_back(std::move(pair));
    }
    in_b.erase(b);
  }
  for (const auto& [id, item] : in_b) {
    problems.add(path_b, line_b[id], "id", "\"" + id + "\" is not in " + path_a);
  }
  problems.throw_if_any();
  return out;
}

std::string rate_text(const std::optional<double>& rate, const metrics::BootstrapInterval& ci) {
  if (!rate) return "n/a";
  std::string text = fmt::format("{:.1f}%", *rate * 100);
  if (ci.interval) {
    text +=
        fmt::format(" (95% CI {:.1f}-{:.1f}%)", ci.interval->lower * 100, ci.interval->upper * 100);
  }
  return text;
}

std::string length_controlled_text(const metrics::LengthControlledReport& lc) {
  if (!lc.point.value) return "n/a (" + lc.point.reason + ")";
  std::string text = rate_text(lc.point.value, lc.interval) + " at equal answer lengths";
  const metrics::LcFit fit = *lc.point.fit;
  if (fit == metrics::LcFit::maximum_likelihood || fit == metrics::LcFit::ridge) {
    text += fmt::format("; length effect b1 {:.3f}", *lc.point.b1);
  }
  if (fit != metrics::LcFit::maximum_likelihood) text += fmt::format(" ({})", name_of(fit));
  return text;
}

nlohmann::json length_controlled_json(const metrics::LengthControlledReport& lc) {
  return {{"value", io::number_or_null(lc.point.value)},
          {"interval", eval::interval_json(lc.interval)},
          {"b0", io::number_or_null(lc.point.b0)},
          {"b1", io::number_or_null(lc.point.b1)},
          {"n", lc.point.n},
          {"scale", io::number_or_null(lc.point.scale)},
          {"unit", "characters"},
          {"fit", lc.point.fit ? nlohmann::json(name_of(*lc.point.fit)) : nlohmann::json(nullptr)},
          {"iterations", lc.point.iterations},
          {"reason", lc.point.value ? nlohmann::json(nullptr) : nlohmann::json(lc.point.reason)},
          {"method",
           "logistic regression of A's outcome (win 1, tie 0.5, loss 0) on tanh((len_a - len_b) "
           "/ sd), predicted at equal lengths (AlpacaEval 2's length-controlled win rate)"}};
}

int run(const WinrateOptions& o) {
  auto config = load_stage_config(o.config.config, o.config.fake, o.config.fake_rate_limits);
  if (!config.judging) missing_section(o.config.config, "judging", "winrate");
  auto matchups = match_setups(o.a, o.b, {o.pick == "last", o.skip_empty_answers});
  apply_self_judge_guard(config, matchups.models);
  SessionPlace place = session_place(o.config, o.run_dir, "winrate");
  place.endpoints = judging_endpoints(config);
  RunSession session(config, place);
  std::vector<std::string> ids;
  // Answer lengths in characters (code points): tokens are not known for both sides.
  std::vector<std::pair<std::size_t, std::size_t>> lengths;
  for (const auto& item : matchups.items) {
    ids.push_back(item.id);
    lengths.emplace_back(eval::count_characters(item.candidates[0].text),
                         eval::count_characters(item.candidates[1].text));
  }
  const std::size_t empty_answer_pairs = count_empty_answer_items(matchups.items);
  auto batch = judge_batch(session, std::move(matchups.items), o.run_dir.quiet,
                           empty_answers_rule(o.skip_empty_answers));
  print_judge_summary(
      batch.tally, session.path("judgments.jsonl"),
      pipeline::family_preference(batch.tally.jury_pairs, config.judging->self_judge.families));
  print_empty_answer_pairs(empty_answer_pairs, o.skip_empty_answers);

  std::vector<metrics::MatchResult> results;
  std::vector<metrics::LengthOutcome> by_length;
  nlohmann::json failed = nlohmann::json::array();
  for (std::size_t i = 0; i < batch.verdicts.size(); ++i) {
    if (batch.verdicts[i]) {
      results.push_back(metrics::match_result(*batch.verdicts[i]));
      by_length.push_back({lengths[i].first, lengths[i].second, results.back()});
    } else {
      failed.push_back({{"id", ids[i]}, {"reason", batch.reasons[i]}});
    }
  }
  const auto report = metrics::win_rate_report(results, {o.resamples, o.seed});
  const auto lc = metrics::length_controlled_report(by_length, {o.resamples, o.seed});
  const auto& c = report.counts;
  fmt::print(stderr,
             "A: {}\nB: {}\n"
             "compared   {} prompts: {} wins, {} ties, {} losses for A\n"
             "not judged {} (judging failed), {} (a setup had no usable answer)\n"
             "win rate   {} with ties as non-wins; {} with ties as half\n"
             "length-controlled win rate {}\n",
             o.a, o.b, c.total(), c.wins, c.ties, c.losses, failed.size(),
             matchups.unanswered.size(), rate_text(c.ties_as_non_wins(), report.ties_as_non_wins),
             rate_text(c.ties_as_half(), report.ties_as_half), length_controlled_text(lc));
  nlohmann::json out = {
      {"a", o.a},
      {"b", o.b},
      {"pick", o.pick},
      {"wins", c.wins},
      {"ties", c.ties},
      {"losses", c.losses},
      {"win_rate_ties_as_non_wins", io::number_or_null(c.ties_as_non_wins())},
      {"win_rate_ties_as_non_wins_ci", eval::interval_json(report.ties_as_non_wins)},
      {"win_rate_ties_as_half", io::number_or_null(c.ties_as_half())},
      {"win_rate_ties_as_half_ci", eval::interval_json(report.ties_as_half)},
      {"length_controlled", length_controlled_json(lc)},
      {"bootstrap", {{"resamples", o.resamples}, {"seed", o.seed}}},
      {"judging_failed", failed},
      {"no_usable_answer", matchups.unanswered},
      {"empty_answer_pairs", empty_answer_pairs_json(empty_answer_pairs, o.skip_empty_answers)},
      {"judging", pipeline::to_json(batch.tally)}};
  io::write_json_document(session.path("winrate.json"), out);
  // The report is written first: with every call failed it is what says why.
  return session.exit_code(failure_exit_code(batch.tally.failed_items(), batch.tally.item_count(),
                                             o.max_failure_rate, "failed judging"));
}

}  // namespace

extern const Subcommand kWinrateCommand{
    "winrate", "Win rate of setup A against setup B on the same prompts (judged, both orders)",
    bind_options<WinrateOptions, add_flags, run>};

}  // namespace pogen::cli
