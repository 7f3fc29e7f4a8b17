// pogen eval-judge: runs the configured judging setup (single judge, jury or debate; any
// strategy; both orders by default) over human-labelled pairs and measures it against the labels
// with the agreement study of pogen agreement: Cohen's kappa, accuracy, confusion matrix,
// bootstrap intervals, per subset, judge failures, position and length bias.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/stage_flags.hpp"
#include "cli/subcommand.hpp"
#include "core/exit_code.hpp"
#include "core/json_output.hpp"
#include "eval/agreement_study.hpp"
#include "eval/item_matching.hpp"
#include "eval/labelled_pairs.hpp"
#include "eval/self_preference.hpp"
#include "eval/source_spec.hpp"
#include "eval/study_report.hpp"
#include "judge/self_bias.hpp"
#include "run/item_plans.hpp"
#include "run/judge_batch.hpp"
#include "run/judge_summary.hpp"
#include "run/self_judge_guard.hpp"
#include "run/stage_setup.hpp"

namespace pogen::cli {
namespace {

struct EvalJudgeOptions {
  ConfigFlags config;
  RunDirFlags run_dir;
  std::string labels;
  std::vector<std::string> fields;
  std::vector<std::string> label_maps;
  std::string failures = "exclude";
  std::uint64_t seed = metrics::kDefaultBootstrapSeed;
  std::size_t resamples = metrics::kDefaultResamples;
  std::string report;
  double max_failure_rate = 0.05;
  bool skip_empty_answers = false;
};

void add_flags(CLI::App& app, EvalJudgeOptions& o) {
  add_config_flags(app, o.config, "Config file with endpoints and a judging section")->required();
  app.add_option("--labels", o.labels,
                 "Human-labelled pairs, JSON Lines: prompt, response_a, response_b, a label")
      ->required();
  add_run_dir_flags(app, o.run_dir);
  add_failure_rate_flag(app, o.max_failure_rate, "items failed judging");
  add_skip_empty_answers_flag(app, o.skip_empty_answers);
  app.add_option("--field", o.fields,
                 "Rename a field: NAME=FIELD, NAME one of prompt, label (default human), "
                 "response_a, response_b, id, subset, model_a, model_b");
  app.add_option("--label-map", o.label_maps,
                 "Map label values to verdicts: LABEL=A|B|tie|failed,... (e.g. 1=A,2=B,0=tie)");
  app.add_option("--failures", o.failures,
                 "What a judge failure counts as: exclude (default; left out, counted) or tie")
      ->check(CLI::IsMember({"exclude", "tie"}));
  app.add_option("--seed", o.seed, "Bootstrap seed (default 42)");
  app.add_option("--resamples", o.resamples, "Bootstrap resamples (default 1000; 0: none)");
  app.add_option("--report", o.report,
                 "Write the full report as JSON here (default: <run dir>/eval-report.json)");
}

std::set<std::string> answer_models(const std::vector<pipeline::GeneratedItem>& items) {
  std::set<std::string> models;
  for (const auto& item : items) {
    for (const auto& c : item.candidates) {
      if (!c.model.empty()) models.insert(c.model);
    }
  }
  return models;
}

// The labels file as the study's reference, and the judgments just written as its judge.
std::vector<eval::LabelSource> study_sources(const EvalJudgeOptions& o,
                                             const eval::PairFields& fields,
                                             const std::string& judgments) {
  eval::ReadOptions read;
  read.fields = fields.common;
  for (const std::string& entries : o.label_maps) read.labels.add(entries, "--label-map");
  eval::SourceSpec reference;
  reference.path = o.labels;
  reference.name = "human";
  reference.kind = eval::SourceKind::verdict;
  reference.field = fields.label;
  eval::SourceSpec judge;
  judge.path = judgments;
  judge.name = "judge";
  judge.kind = eval::SourceKind::judgments;
  std::vector<eval::LabelSource> sources;
  sources.push_back(eval::read_label_source(reference, read));
  // judgments.jsonl is pogen's own: its fields keep their names whatever --field renamed.
  sources.push_back(eval::read_label_source(judge, eval::ReadOptions{}));
  return sources;
}

struct PairAuthors {
  std::string id;
  std::string model_a;
  std::string model_b;
};

std::vector<PairAuthors> authors_of(const std::vector<pipeline::GeneratedItem>& items) {
  std::vector<PairAuthors> out;
  for (const auto& item : items) {
    out.push_back({item.id, item.candidates[0].model, item.candidates[1].model});
  }
  return out;
}

std::map<std::string, metrics::Verdict> human_labels(const eval::StudyResult& study) {
  std::map<std::string, metrics::Verdict> human;
  for (std::size_t i = 0; i < study.item_ids.size(); ++i) {
    human.emplace(study.item_ids[i], study.reference[i]);
  }
  return human;
}

// Pair i, judged by `verdicts` (one per judge counted), as self-preference items when exactly
// one answer is own by `own`.
template <typename Own>
void add_items(std::vector<eval::SelfPreferenceItem>& items, std::size_t i,
               const PairAuthors& authors, const std::map<std::string, metrics::Verdict>& human,
               const std::vector<std::optional<metrics::Verdict>>& verdicts, const Own& own) {
  const bool a = !authors.model_a.empty() && own(authors.model_a);
  const bool b = !authors.model_b.empty() && own(authors.model_b);
  if (a == b) return;
  std::optional<metrics::Verdict> label;
  auto it = human.find(authors.id);
  if (it != human.end()) label = it->second;
  const metrics::Verdict own_side = a ? metrics::Verdict::A : metrics::Verdict::B;
  // A pair nobody counted judged (skipped, failed) still has its label, as for the panel.
  if (verdicts.empty()) items.push_back({own_side, std::nullopt, label, i});
  for (const auto& verdict : verdicts) items.push_back({own_side, verdict, label, i});
}

struct SelfPreferenceStudy {
  eval::SelfPreferenceReport panel;
  nlohmann::json by_judge = nlohmann::json::array();   // jurors of a jury
  nlohmann::json by_family = nlohmann::json::array();  // the jurors of each family, pooled
};

// With human labels: the panel on pairs where exactly one answer shares the model (or family)
// of one of the judges; each juror of a jury on the pairs with one answer of its own model or
// family; and the jurors of each family together on the pairs with one answer of that family.
SelfPreferenceStudy measure_self_preference(const pipeline::RunConfig& config,
                                            const std::vector<PairAuthors>& authors,
                                            const JudgeBatchResult& batch,
                                            const eval::StudyResult& study,
                                            const metrics::BootstrapOptions& bootstrap) {
  const auto human = human_labels(study);
  const auto judges = judge_models(config);
  const auto& families = config.judging->self_judge.families;
  SelfPreferenceStudy out;
  std::vector<eval::SelfPreferenceItem> panel;
  for (std::size_t i = 0; i < authors.size(); ++i) {
    add_items(panel, i, authors[i], human, {batch.verdicts[i]}, [&](const std::string& model) {
      for (const auto& judge : judges) {
        if (pipeline::same_family(judge, model, families)) return true;
      }
      return false;
    });
  }
  out.panel = eval::self_preference_report(panel, bootstrap);
  if (batch.tally.jury_pairs.empty()) return out;

  // Each juror's verdict on candidates 0 and 1 of every item, by item id.
  std::map<std::string, const pipeline::JuryPairVotes*> votes;
  for (const auto& pair : batch.tally.jury_pairs) votes.emplace(pair.item_id, &pair);
  std::vector<std::pair<std::string, std::string>> jurors;  // endpoint, model
  for (const auto& pair : batch.tally.jury_pairs) {
    for (const auto& vote : pair.votes) {
      if (std::find_if(jurors.begin(), jurors.end(),
                       [&](const auto& j) { return j.first == vote.judge; }) == jurors.end()) {
        jurors.emplace_back(vote.judge, vote.model);
      }
    }
  }
  auto verdicts_of = [&](const PairAuthors& pair, auto&& counted) {
    std::vector<std::optional<metrics::Verdict>> verdicts;
    auto it = votes.find(pair.id);
    if (it == votes.end()) return verdicts;
    for (const auto& vote : it->second->votes) {
      if (counted(vote)) verdicts.push_back(vote.verdict);
    }
    return verdicts;
  };
  for (const auto& [endpoint, model] : jurors) {
    std::vector<eval::SelfPreferenceItem> items;
    for (std::size_t i = 0; i < authors.size(); ++i) {
      const auto verdicts = verdicts_of(
          authors[i], [&](const pipeline::JurorVote& vote) { return vote.judge == endpoint; });
      add_items(items, i, authors[i], human, verdicts, [&](const std::string& answer) {
        return pipeline::same_family(model, answer, families);
      });
    }
    auto entry = eval::to_json(eval::self_preference_report(items, bootstrap));
    entry["judge"] = endpoint;
    entry["model"] = model;
    out.by_judge.push_back(std::move(entry));
  }
  std::map<std::string, std::vector<std::string>> family_jurors;
  for (const auto& [endpoint, model] : jurors) {
    family_jurors[pipeline::family_of(model, families)].push_back(endpoint);
  }
  for (const auto& [family, members] : family_jurors) {
    std::vector<eval::SelfPreferenceItem> items;
    for (std::size_t i = 0; i < authors.size(); ++i) {
      const auto verdicts = verdicts_of(authors[i], [&](const pipeline::JurorVote& vote) {
        return pipeline::family_of(vote.model, families) == family;
      });
      add_items(items, i, authors[i], human, verdicts, [&](const std::string& answer) {
        return pipeline::family_of(answer, families) == family;
      });
    }
    auto entry = eval::to_json(eval::self_preference_report(items, bootstrap));
    entry["family"] = family;
    entry["judges"] = members;
    out.by_family.push_back(std::move(entry));
  }
  return out;
}

std::string rate_text(std::optional<double> rate) {
  return rate ? fmt::format("{:.3f}", *rate) : std::string("n/a");
}

std::string score_text(const eval::SelfPreferenceReport& report) {
  if (!report.point.score()) return "n/a";
  std::string text = fmt::format("{:+.3f}", *report.point.score());
  if (report.score.interval) {
    text += fmt::format(" [{:+.3f}, {:+.3f}]", report.score.interval->lower,
                        report.score.interval->upper);
  }
  return text;
}

int run(const EvalJudgeOptions& o) {
  auto config = load_stage_config(o.config.config, o.config.fake, o.config.fake_rate_limits);
  if (!config.judging) missing_section(o.config.config, "judging", "eval-judge");
  eval::PairFields fields;
  for (const std::string& entries : o.fields) fields.rename(entries, "--field");
  auto items = eval::read_labelled_pairs(o.labels, fields);
  const bool have_ids = items.front().id.rfind('#', 0) != 0;
  const auto authors = authors_of(items);
  apply_self_judge_guard(config, answer_models(items));
  SessionPlace place = session_place(o.config, o.run_dir, "eval-judge");
  place.endpoints = judging_endpoints(config);
  RunSession session(config, place);

  const std::size_t empty_answer_pairs = count_empty_answer_items(items);
  auto batch = judge_batch(session, std::move(items), o.run_dir.quiet,
                           empty_answers_rule(o.skip_empty_answers));
  eval::StudyOptions study;
  study.bootstrap = {o.resamples, o.seed};
  // Once, with --seed and --resamples, for the terminal and the report alike.
  const auto families = pipeline::family_preference(
      batch.tally.jury_pairs, config.judging->self_judge.families, study.bootstrap);
  print_judge_summary(batch.tally, session.path("judgments.jsonl"), families);
  print_empty_answer_pairs(empty_answer_pairs, o.skip_empty_answers);

  study.failures = o.failures == "tie" ? eval::FailurePolicy::tie : eval::FailurePolicy::exclude;
  const auto sources = study_sources(o, fields, session.path("judgments.jsonl"));
  const auto matched = eval::match_items(sources, !have_ids);
  const auto result = eval::run_study(sources, matched, study);
  fmt::print(stderr, "{}", eval::study_table(result, study));
  const auto self = measure_self_preference(config, authors, batch, result, study.bootstrap);
  const auto& panel = self.panel.point;
  fmt::print(stderr,
             "self-preference: {} pairs with one answer by a judge's model or family; the judge "
             "prefers it {}, the humans {} (share of decisive verdicts); score {}\n",
             panel.items, rate_text(panel.judge_rate()), rate_text(panel.human_rate()),
             score_text(self.panel));
  for (const auto& juror : self.by_judge) {
    fmt::print(stderr, "  juror {}: {} pairs with one own answer, score {}\n",
               juror["judge"].get<std::string>(), juror["items"].get<std::size_t>(),
               juror["score"].is_null() ? std::string("n/a")
                                        : fmt::format("{:+.3f}", juror["score"].get<double>()));
  }
  auto json_report = eval::study_json(result, study, false);
  json_report["self_preference"] = eval::to_json(self.panel);
  json_report["self_preference"]["by_judge"] = self.by_judge;
  json_report["self_preference"]["by_family"] = self.by_family;
  json_report["family_preference"] = family_preference_json(families);
  json_report["judging"] = pipeline::to_json(batch.tally);
  json_report["empty_answer_pairs"] =
      empty_answer_pairs_json(empty_answer_pairs, o.skip_empty_answers);
  const std::string report = o.report.empty() ? session.path("eval-report.json") : o.report;
  io::write_json_document(report, json_report);
  fmt::print(stderr, "report: {}\n", report);
  // The report is written first: with every call failed it is what says why.
  return session.exit_code(failure_exit_code(batch.tally.failed_items(), batch.tally.item_count(),
                                             o.max_failure_rate, "failed judging"));
}

}  // namespace

extern const Subcommand kEvalJudgeCommand{
    "eval-judge", "Measure the configured judging setup against human-labelled pairs (kappa)",
    bind_options<EvalJudgeOptions, add_flags, run>};

}  // namespace pogen::cli
