// pogen build-dataset: the whole pipeline in one command. Prompts in; every item generated,
// judged and selected as soon as its inputs are ready; dpo.jsonl, kto.jsonl, records.jsonl,
// rejects.jsonl and manifest.json out. Every successful response is kept in responses.sqlite, so
// re-running after a crash re-sends nothing that had succeeded (docs/resume.md).

#include <algorithm>
#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/stage_flags.hpp"
#include "cli/subcommand.hpp"
#include "core/atomic_file.hpp"
#include "core/exit_code.hpp"
#include "core/json_output.hpp"
#include "llm/protocol.hpp"
#include "prompt_files/validate.hpp"
#include "run/dataset_item.hpp"
#include "run/dataset_plan.hpp"
#include "run/dataset_report.hpp"
#include "run/item_plans.hpp"
#include "run/ordered_runner.hpp"
#include "run/run_loop.hpp"
#include "run/self_judge_guard.hpp"
#include "run/session.hpp"
#include "run/stage_setup.hpp"

namespace pogen::cli {
namespace {

struct BuildOptions {
  ConfigFlags config;
  RunDirFlags run_dir;
  PromptFlags prompts;
  bool dry_run = false;
  double max_failure_rate = 0.05;
};

void add_flags(CLI::App& app, BuildOptions& o) {
  add_config_flags(app, o.config)->required();
  add_prompt_flags(app, o.prompts);
  add_run_dir_flags(app, o.run_dir);
  app.add_flag("--dry-run", o.dry_run,
               "Check everything and print the plan (requests, tokens, cost); send nothing");
  add_failure_rate_flag(app, o.max_failure_rate);
}

struct Inputs {
  pipeline::RunConfig config;
  PromptSource prompts;
  std::vector<std::string> fake_endpoints;  // known before the session starts them
};

std::vector<std::string> fake_endpoint_names(const pipeline::RunConfig& config) {
  std::vector<std::string> names;
  for (const auto& endpoint : config.base.endpoints) {
    if (endpoint.is_fake()) names.push_back(endpoint.name);
  }
  return names;
}

Inputs load_inputs(const BuildOptions& o) {
  const std::string& path = o.config.config;
  auto config = load_stage_config(path, o.config.fake, o.config.fake_rate_limits);
  if (!config.generation) missing_section(path, "generation", "build-dataset");
  if (!config.judging) missing_section(path, "judging", "build-dataset");
  auto prompts =
      prompt_source(config, path, o.prompts.prompts, o.prompts.skip_invalid, "build-dataset");
  auto fakes = fake_endpoint_names(config);
  return {std::move(config), std::move(prompts), std::move(fakes)};
}

std::size_t items_within(double cap, double per_item, std::size_t items) {
  if (per_item <= 0) return items;
  return std::min(items, static_cast<std::size_t>(cap / per_item));
}

// Whether the run would stop at a cap before the end of the prompts.
void print_caps_against_plan(const pipeline::RunOptions& run, const pipeline::DatasetPlan& plan,
                             std::optional<double> cost) {
  const std::size_t items = plan.items;
  if (run.max_requests) {
    const auto needed = plan.total_requests();
    if (needed > *run.max_requests) {
      fmt::print(
          "run.max_requests {}: the run would stop early: the plan needs {} requests; "
          "about {} of {} items fit\n",
          *run.max_requests, needed,
          items_within(static_cast<double>(*run.max_requests),
                       static_cast<double>(needed) / static_cast<double>(items), items),
          items);
    } else {
      fmt::print("run.max_requests {}: the plan fits ({} requests without retries)\n",
                 *run.max_requests, needed);
    }
  }
  if (!run.max_cost) return;
  if (!cost) {
    fmt::print(
        "run.max_cost {:.4f}: no endpoint used has a price (prices:), so it never stops "
        "the run\n",
        *run.max_cost);
  } else if (*cost > *run.max_cost) {
    fmt::print(
        "run.max_cost {:.4f}: the run may stop early: the plan may cost up to {:.4f}; "
        "at that rate {} of {} items fit\n",
        *run.max_cost, *cost,
        items_within(*run.max_cost, *cost / static_cast<double>(items), items), items);
  } else {
    fmt::print("run.max_cost {:.4f}: the plan fits (up to {:.4f})\n", *run.max_cost, *cost);
  }
}

int print_plan(const Inputs& in, io::ValidatedPrompts& prompts) {
  pipeline::DatasetPlan plan;
  while (auto entry = prompts.reader.next()) {
    const auto* item = std::get_if<io::PromptItem>(&*entry);
    if (!item) continue;
    pipeline::plan_item(plan, in.config, prompt_tokens(item->messages));
  }
  fmt::print("plan: {} items, {} requests (without retries and judges' follow-ups)\n", plan.items,
             plan.total_requests());
  fmt::print("{:<10} {:<16} {:>10} {:>16} {:>20}\n", "stage", "endpoint", "requests",
             "~prompt tokens", "~completion tokens");
  for (const auto& [key, cell] : plan.cells) {
    fmt::print("{:<10} {:<16} {:>10} {:>16} {:>20}\n", key.first, key.second, cell.requests,
               cell.prompt_tokens, cell.completion_tokens);
  }
  const auto cost = plan.cost(in.config.prices);
  if (cost) fmt::print("estimated cost at most {:.4f} (endpoints with a price only)\n", *cost);
  print_caps_against_plan(in.config.run, plan, cost);
  return kExitOk;
}

// What build-dataset writes at the top of the run directory (besides its cache); --fresh
// removes exactly these.
const std::vector<std::string> kDatasetOutputs = {"dpo.jsonl", "kto.jsonl", "records.jsonl",
                                                  "rejects.jsonl", "manifest.json"};

SessionPlace dataset_place(const BuildOptions& o, const pipeline::RunConfig& config) {
  SessionPlace place = session_place(o.config, o.run_dir, "build-dataset");
  place.endpoints = dataset_endpoints(config);
  place.outputs_at_top = true;
  place.top_level_outputs = kDatasetOutputs;
  return place;
}

// The generic line, with the keys every build-dataset reject has.
nlohmann::json prompt_reject_json(const io::PromptRejected& r) {
  nlohmann::json line = rejected_prompt_json(r);
  line["id"] = nullptr;
  line["outcome"] = "invalid_prompt";
  line["stage"] = "prompt";
  return line;
}

class DatasetRun {
 public:
  DatasetRun(Inputs& in, io::ValidatedPrompts& prompts, RunSession& session)
      : in_(in),
        prompts_(prompts),
        session_(session),
        dpo_(session.output("dpo.jsonl")),
        kto_(session.output("kto.jsonl")),
        records_(session.output("records.jsonl")),
        rejects_(session.output("rejects.jsonl")) {}

  // Runs to the end (or a cap); throws StoppedBySignal after writing the manifest.
  void run(bool quiet) {
    facts_.started_at = utc_now();
    facts_.config_path = in_.config.base.path;
    facts_.prompt_path = in_.prompts.path;
    facts_.fake_endpoints = in_.fake_endpoints;
    start_ = std::chrono::steady_clock::now();
    pipeline::OrderedRun<io::PromptItem, pipeline::DatasetItem> work;
    work.next = [this] { return next_prompt(); };
    work.work = [this](io::PromptItem item) {
      return pipeline::build_dataset_item(session_.chat(), in_.config, std::move(item));
    };
    work.emit = [this](pipeline::DatasetItem item) { emit(item); };
    const auto counts = [this] {
      return ItemCounts{counts_.items(), prompts_.check.items, counts_.failed()};
    };
    const auto plan = [this](const io::PromptItem& item) {
      return dataset_reservation(in_.config, item);
    };
    try {
      session_.run_items(std::move(work), counts, quiet, plan);
    } catch (const StoppedBySignal& stop) {
      facts_.stopped_by = "signal";
      finish(stop.signal_number() == SIGINT ? kExitInterrupted : kExitTerminated, false);
      spdlog::warn(
          "interrupted after {} items; run the same command again to resume (answered "
          "requests are kept in {})",
          counts_.items(), session_.cache_path());
      throw;
    }
    facts_.stopped_by = session_.stopped_by();
    facts_.stop_reason = session_.stop_reason();
    session_.commit_outputs();
  }

  void finish(int exit_code, bool print) {
    facts_.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    facts_.exit_code = exit_code;
    facts_.cache_hits = session_.cache().hits();
    facts_.probe_requests = session_.probe_requests();
    facts_.request_failures = session_.failures_by_kind();
    facts_.cache_stored = session_.cache().stored();
    io::write_json_document(session_.path("manifest.json"),
                            manifest_json(in_.config, counts_, session_.stats(), facts_));
    if (print) {
      print_dataset_summary(session_.out_dir(), in_.config, counts_, session_.stats(), facts_);
    }
  }

  const DatasetCounts& counts() const { return counts_; }

 private:
  std::optional<io::PromptItem> next_prompt() {
    while (auto entry = prompts_.reader.next()) {
      if (auto* item = std::get_if<io::PromptItem>(&*entry)) return std::move(*item);
      ++counts_.invalid_prompts;
      rejects_.write_line(io::jsonl_line(prompt_reject_json(std::get<io::PromptRejected>(*entry))));
    }
    return std::nullopt;
  }

  void emit(const pipeline::DatasetItem& item) {
    counts_.add(item);
    for (const auto& row : item.dpo_rows) dpo_.write_line(io::jsonl_line(row));
    for (const auto& row : item.kto_rows) kto_.write_line(io::jsonl_line(row));
    nlohmann::json record = pipeline::record_json(item);
    record["fake"] = !in_.fake_endpoints.empty();
    records_.write_line(io::jsonl_line(record));
    if (item.outcome != pipeline::DatasetOutcome::ok) {
      rejects_.write_line(io::jsonl_line(pipeline::reject_json(item)));
    }
  }

  Inputs& in_;
  io::ValidatedPrompts& prompts_;
  RunSession& session_;
  io::AtomicFile& dpo_;
  io::AtomicFile& kto_;
  io::AtomicFile& records_;
  io::AtomicFile& rejects_;
  std::chrono::steady_clock::time_point start_;
  DatasetCounts counts_;
  RunFacts facts_;
};

int run(const BuildOptions& o) {
  auto in = load_inputs(o);
  apply_self_judge_guard(in.config, generator_models(in.config));
  auto prompts = io::open_prompts(in.prompts.path, in.prompts.format, in.prompts.skip_invalid);
  if (o.dry_run) return print_plan(in, prompts);

  RunSession session(in.config, dataset_place(o, in.config));
  DatasetRun run(in, prompts, session);
  run.run(o.run_dir.quiet);

  const auto& counts = run.counts();
  // The manifest records the exit code, so it is known before the summary is printed; the
  // error line comes after the summary, where the user looks.
  run.finish(
      session.exit_code(above_failure_rate(counts.failed(), counts.items(), o.max_failure_rate)
                            ? kExitTooManyFailures
                            : kExitOk),
      true);
  session.report_stop(counts.items(), prompts.check.items);
  return session.exit_code(failure_exit_code(counts.failed(), counts.items(), o.max_failure_rate,
                                             "failed", " (see rejects.jsonl)"));
}

}  // namespace

extern const Subcommand kBuildDatasetCommand{
    "build-dataset", "The whole pipeline: prompts to DPO and KTO datasets, resumable",
    bind_options<BuildOptions, add_flags, run>};

}  // namespace pogen::cli
