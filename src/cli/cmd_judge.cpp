// pogen judge: candidates.jsonl in, judgments.jsonl out, by the config's judging section
// (strategy, both orders, single judge, jury or debate), with a summary on stderr.

#include <optional>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/subcommand.hpp"
#include "core/atomic_file.hpp"
#include "core/exit_code.hpp"
#include "core/json_output.hpp"
#include "fake/endpoint.hpp"
#include "generate/candidates_reader.hpp"
#include "judge/judged_item.hpp"
#include "judge/tally.hpp"
#include "llm/client.hpp"
#include "llm/client_chat_service.hpp"
#include "run/judge_summary.hpp"
#include "run/ordered_runner.hpp"
#include "run/run_loop.hpp"
#include "run/self_judge_guard.hpp"
#include "run/stage_setup.hpp"

namespace pogen::cli {
namespace {

struct JudgeOptions {
  std::string config;
  std::string input;
  std::string out;
  bool fake = false;
  double max_failure_rate = 0.05;
};

JudgeOptions& options() {
  static JudgeOptions o;
  return o;
}

void setup(CLI::App& app) {
  auto& o = options();
  o = {};
  app.add_option("--config", o.config, "Config file (YAML or JSON) with a judging section")
      ->required();
  app.add_option("--input", o.input, "candidates.jsonl written by pogen generate")->required();
  app.add_option("--out", o.out, "Run directory (default: runs/<config name>)");
  app.add_flag("--fake", o.fake, "Replace every endpoint with the built-in fake endpoint");
  app.add_option("--max-failure-rate", o.max_failure_rate,
                 "Exit 3 when more than this share of items failed judging (default 0.05)")
      ->check(CLI::Range(0.0, 1.0));
}

int run() {
  const auto& o = options();
  auto config = load_stage_config(o.config, o.fake);
  if (!config.judging) missing_section(o.config, "judging", "judge");
  // The whole input is checked (and its authors learnt) before the first request.
  auto survey = pipeline::survey_candidates(o.input);
  apply_self_judge_guard(config, survey.models);
  auto run_dir = prepare_run_dir(o.out, o.config);

  auto fakes = llm::start_fake_endpoints(config.base.endpoints);
  http::EventLoop loop;
  llm::Client client(loop, config.base.endpoints, config.base.client);
  llm::ClientChatService chat(client);
  io::AtomicFile judgments(run_dir + "/judgments.jsonl");
  pipeline::CandidatesReader reader(o.input);
  pipeline::JudgingTally tally;

  pipeline::OrderedRun<pipeline::GeneratedItem, pipeline::JudgedItem> work;
  work.next = [&] { return reader.next(); };
  work.work = [&](pipeline::GeneratedItem item) {
    return pipeline::judge_generated(chat, *config.judging, std::move(item));
  };
  work.emit = [&](pipeline::JudgedItem judged) {
    tally.add(judged);
    judgments.write_line(io::jsonl_line(pipeline::to_json(judged)));
  };
  work.stopping = [&] { return loop.stop_requested(); };
  work.window = static_cast<std::size_t>(config.run.max_items_in_flight);
  loop.tasks().spawn(pipeline::run_in_order(std::move(work)));
  run_until_done(loop);
  judgments.commit();
  write_judge_summary(run_dir, tally);

  print_judge_summary(tally, run_dir + "/judgments.jsonl");
  const auto failed = tally.items.contains("failed") ? tally.items.at("failed") : 0;
  return failure_exit_code(failed, tally.item_count(), o.max_failure_rate, "failed judging");
}

}  // namespace

extern const Subcommand kJudgeCommand{
    "judge", "Judge candidate answers (candidates.jsonl -> judgments.jsonl)", setup, run};

}  // namespace pogen::cli
