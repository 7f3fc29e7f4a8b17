// pogen judge: candidates.jsonl in, <run dir>/judge/judgments.jsonl out, by the config's judging
// section (strategy, both orders, single judge, jury or debate), with a summary on stderr.
// Resumable: a rerun re-sends nothing that had an answer.

#include <string>

#include <CLI/CLI.hpp>

#include "cli/stage_flags.hpp"
#include "cli/subcommand.hpp"
#include "core/json_output.hpp"
#include "generate/candidates_reader.hpp"
#include "judge/judged_item.hpp"
#include "judge/tally.hpp"
#include "run/item_plans.hpp"
#include "run/judge_summary.hpp"
#include "run/self_judge_guard.hpp"
#include "run/session.hpp"
#include "run/stage_setup.hpp"

namespace pogen::cli {
namespace {

struct JudgeOptions {
  ConfigFlags config;
  RunDirFlags run_dir;
  std::string input;
  double max_failure_rate = 0.05;
};

void add_flags(CLI::App& app, JudgeOptions& o) {
  add_config_flags(app, o.config, "Config file (YAML or JSON) with a judging section")->required();
  app.add_option("--input", o.input, "candidates.jsonl written by pogen generate")->required();
  add_run_dir_flags(app, o.run_dir);
  add_failure_rate_flag(app, o.max_failure_rate, "items failed judging");
}

int run(const JudgeOptions& o) {
  auto config = load_stage_config(o.config.config, o.config.fake, o.config.fake_rate_limits);
  if (!config.judging) missing_section(o.config.config, "judging", "judge");
  // The whole input is checked (and its authors learnt) before the first request.
  auto survey = pipeline::survey_candidates(o.input);
  apply_self_judge_guard(config, survey.models);

  SessionPlace place = session_place(o.config, o.run_dir, "judge");
  place.endpoints = judging_endpoints(config);
  RunSession session(config, place);
  auto& judgments = session.output("judgments.jsonl");
  pipeline::CandidatesReader reader(o.input);
  pipeline::JudgingTally tally;

  pipeline::OrderedRun<pipeline::GeneratedItem, pipeline::JudgedItem> work;
  work.next = [&] { return reader.next(); };
  work.work = [&](pipeline::GeneratedItem item) {
    return pipeline::judge_generated(session.chat(), *config.judging, std::move(item));
  };
  work.emit = [&](pipeline::JudgedItem judged) {
    tally.add(judged);
    judgments.write_line(io::jsonl_line(pipeline::to_json(judged)));
  };
  session.run_items(
      std::move(work),
      [&] {
        return ItemCounts{tally.item_count(), survey.items, tally.failed_items()};
      },
      o.run_dir.quiet,
      [&](const pipeline::GeneratedItem& item) { return judging_reservation(config, item); });
  session.commit_outputs();
  const auto family =
      pipeline::family_preference(tally.jury_pairs, config.judging->self_judge.families);
  write_judge_summary(session.out_dir(), tally, family);

  print_judge_summary(tally, judgments.path(), family);
  session.report_stop(tally.item_count(), survey.items);
  return session.exit_code(failure_exit_code(tally.failed_items(), tally.item_count(),
                                             o.max_failure_rate, "failed judging"));
}

}  // namespace

extern const Subcommand kJudgeCommand{
    "judge", "Judge candidate answers (candidates.jsonl -> judgments.jsonl)",
    bind_options<JudgeOptions, add_flags, run>};

}  // namespace pogen::cli
