// pogen build-dataset: the whole pipeline in one command. Prompts in; every item generated,
// judged and selected as soon as its inputs are ready; dpo.jsonl, kto.jsonl, records.jsonl,
// rejects.jsonl and manifest.json out. Every successful response is kept in responses.sqlite, so
// re-running after a crash re-sends nothing that had succeeded (docs/resume.md).

#include <chrono>
#include <csignal>
#include <filesystem>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cache/cached_chat.hpp"
#include "cache/response_cache.hpp"
#include "cli/subcommand.hpp"
#include "core/atomic_file.hpp"
#include "core/exit_code.hpp"
#include "core/json_output.hpp"
#include "fake/endpoint.hpp"
#include "llm/client.hpp"
#include "llm/client_chat_service.hpp"
#include "llm/protocol.hpp"
#include "prompt_files/validate.hpp"
#include "run/dataset_item.hpp"
#include "run/dataset_plan.hpp"
#include "run/dataset_report.hpp"
#include "run/ordered_runner.hpp"
#include "run/progress.hpp"
#include "run/run_lock.hpp"
#include "run/run_loop.hpp"
#include "run/self_judge_guard.hpp"
#include "run/stage_setup.hpp"

namespace pogen::cli {
namespace {

struct BuildOptions {
  std::string config;
  std::string prompts;
  std::string out;
  bool fake = false;
  bool fresh = false;
  bool dry_run = false;
  bool quiet = false;
  bool skip_invalid = false;
  double max_failure_rate = 0.05;
};

BuildOptions& options() {
  static BuildOptions o;
  return o;
}

void setup(CLI::App& app) {
  auto& o = options();
  o = {};
  app.add_option("--config", o.config, "Config file (YAML or JSON)")->required();
  app.add_option("--prompts", o.prompts, "Prompt file (overrides the config's; - reads stdin)");
  app.add_option("--out", o.out, "Run directory (default: runs/<config name>)");
  app.add_flag("--fake", o.fake, "Replace every endpoint with the built-in fake endpoint");
  app.add_flag("--fresh", o.fresh, "Forget the responses of earlier runs in --out and start over");
  app.add_flag("--dry-run", o.dry_run,
               "Check everything and print the plan (requests, tokens, cost); send nothing");
  app.add_flag("--quiet", o.quiet, "No progress line");
  app.add_flag("--skip-invalid", o.skip_invalid,
               "Write invalid prompt records to rejects.jsonl and go on");
  app.add_option("--max-failure-rate", o.max_failure_rate,
                 "Exit 3 when more than this share of items failed (default 0.05)")
      ->check(CLI::Range(0.0, 1.0));
}

struct Inputs {
  pipeline::RunConfig config;
  PromptSource prompts;
};

Inputs load_inputs(const BuildOptions& o) {
  auto config = load_stage_config(o.config, o.fake);
  if (!config.generation) missing_section(o.config, "generation", "build-dataset");
  if (!config.judging) missing_section(o.config, "judging", "build-dataset");
  auto prompts = prompt_source(config, o.config, o.prompts, o.skip_invalid, "build-dataset");
  return {std::move(config), std::move(prompts)};
}

int print_plan(const Inputs& in, io::ValidatedPrompts& prompts) {
  pipeline::DatasetPlan plan;
  while (auto entry = prompts.reader.next()) {
    const auto* item = std::get_if<io::PromptItem>(&*entry);
    if (!item) continue;
    llm::ChatRequest request;
    request.messages = item->messages;
    pipeline::plan_item(plan, in.config, llm::estimate_tokens(request));
  }
  fmt::print("plan: {} items, {} requests (without retries and judges' follow-ups)\n", plan.items,
             plan.total_requests());
  fmt::print("{:<10} {:<16} {:>10} {:>16} {:>20}\n", "stage", "endpoint", "requests",
             "~prompt tokens", "~completion tokens");
  for (const auto& [key, cell] : plan.cells) {
    fmt::print("{:<10} {:<16} {:>10} {:>16} {:>20}\n", key.first, key.second, cell.requests,
               cell.prompt_tokens, cell.completion_tokens);
  }
  if (auto cost = plan.cost(in.config.prices)) {
    fmt::print("estimated cost at most {:.4f} (endpoints with a price only)\n", *cost);
  }
  return kExitOk;
}

// Removes what an earlier run left in the directory (the lock is held, so no run is using it).
void start_over(const std::string& run_dir) {
  namespace fs = std::filesystem;
  const std::string cache = run_dir + "/" + io::kResponseCacheFile;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(cache + suffix);
  for (const char* name :
       {"dpo.jsonl", "kto.jsonl", "records.jsonl", "rejects.jsonl", "manifest.json"}) {
    fs::remove(fs::path(run_dir) / name);
  }
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
  DatasetRun(Inputs& in, io::ValidatedPrompts& prompts, std::string run_dir)
      : in_(in),
        prompts_(prompts),
        run_dir_(std::move(run_dir)),
        cache_(run_dir_ + "/" + io::kResponseCacheFile),
        fakes_(llm::start_fake_endpoints(in.config.base.endpoints)),
        client_(loop_, in.config.base.endpoints, in.config.base.client),
        direct_(client_),
        chat_(direct_, cache_, in.config.base.endpoints),
        dpo_(run_dir_ + "/dpo.jsonl"),
        kto_(run_dir_ + "/kto.jsonl"),
        records_(run_dir_ + "/records.jsonl"),
        rejects_(run_dir_ + "/rejects.jsonl") {}

  // Runs to the end (or a cap); throws StoppedBySignal after writing the manifest.
  void run(bool quiet) {
    facts_.started_at = utc_now();
    facts_.config_path = in_.config.base.path;
    facts_.prompt_path = in_.prompts.path;
    const auto start = std::chrono::steady_clock::now();
    bool finished = false;
    loop_.tasks().spawn(pipeline_task(finished));
    loop_.tasks().spawn(report_progress(
        loop_, progress_mode(quiet), [this] { return snapshot(); },
        [&finished] { return finished; }));
    try {
      run_until_done(loop_);
    } catch (const StoppedBySignal& stop) {
      facts_.stopped_by = "signal";
      finish(start, stop.signal_number() == SIGINT ? kExitInterrupted : kExitTerminated, false);
      spdlog::warn(
          "interrupted after {} items; run the same command again to resume (answered "
          "requests are kept in {})",
          counts_.items(), cache_.path());
      throw;
    }
    dpo_.commit();
    kto_.commit();
    records_.commit();
    rejects_.commit();
  }

  void finish(std::chrono::steady_clock::time_point start, int exit_code, bool print) {
    facts_.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    facts_.exit_code = exit_code;
    facts_.cache_hits = chat_.hits();
    facts_.cache_stored = chat_.stored();
    io::write_json_document(run_dir_ + "/manifest.json",
                            manifest_json(in_.config, counts_, client_.stats(), facts_));
    if (print) print_dataset_summary(run_dir_, in_.config, counts_, client_.stats(), facts_);
  }

  const DatasetCounts& counts() const { return counts_; }
  RunFacts& facts() { return facts_; }

 private:
  Task<void> pipeline_task(bool& finished) {
    pipeline::OrderedRun<io::PromptItem, pipeline::DatasetItem> work;
    work.next = [this] { return next_prompt(); };
    work.work = [this](io::PromptItem item) {
      return pipeline::build_dataset_item(chat_, in_.config, std::move(item));
    };
    work.emit = [this](pipeline::DatasetItem item) { emit(item); };
    work.stopping = [this] { return loop_.stop_requested() || cap_reached(); };
    work.window = static_cast<std::size_t>(in_.config.run.max_items_in_flight);
    co_await pipeline::run_in_order(std::move(work));
    finished = true;
  }

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
    records_.write_line(io::jsonl_line(pipeline::record_json(item)));
    if (item.outcome != pipeline::DatasetOutcome::ok) {
      rejects_.write_line(io::jsonl_line(pipeline::reject_json(item)));
    }
  }

  bool cap_reached() {
    const auto& limits = in_.config.run;
    if (limits.max_requests) {
      std::int64_t sent = 0;
      for (const auto& s : client_.stats()) sent += s.requests_sent;
      if (sent >= *limits.max_requests) {
        facts_.stopped_by = "max_requests";
        return true;
      }
    }
    if (limits.max_cost) {
      auto cost = spend(client_.stats(), in_.config.prices);
      if (cost && *cost >= *limits.max_cost) {
        facts_.stopped_by = "max_cost";
        return true;
      }
    }
    return false;
  }

  ProgressSnapshot snapshot() const {
    ProgressSnapshot s;
    s.done = counts_.items();
    s.total = prompts_.check.items;
    s.failures = counts_.failed();
    for (const auto& e : client_.stats()) {
      s.in_flight += e.in_flight;
      s.requests += e.requests_sent;
      s.tokens += e.prompt_tokens + e.completion_tokens;
    }
    return s;
  }

  Inputs& in_;
  io::ValidatedPrompts& prompts_;
  std::string run_dir_;
  io::ResponseCache cache_;
  llm::FakeEndpointServers fakes_;
  http::EventLoop loop_;
  llm::Client client_;
  llm::ClientChatService direct_;
  pipeline::CachedChat chat_;
  io::AtomicFile dpo_;
  io::AtomicFile kto_;
  io::AtomicFile records_;
  io::AtomicFile rejects_;
  DatasetCounts counts_;
  RunFacts facts_;
};

int run() {
  const auto& o = options();
  auto in = load_inputs(o);
  apply_self_judge_guard(in.config, generator_models(in.config));
  auto prompts = io::open_prompts(in.prompts.path, in.prompts.format, in.prompts.skip_invalid);
  if (o.dry_run) return print_plan(in, prompts);

  auto run_dir = prepare_run_dir(o.out, o.config);
  io::RunLock lock(run_dir);
  if (o.fresh) start_over(run_dir);
  const auto start = std::chrono::steady_clock::now();
  DatasetRun run(in, prompts, run_dir);
  run.run(o.quiet);

  const auto& counts = run.counts();
  const double failure_rate =
      counts.items() ? static_cast<double>(counts.failed()) / static_cast<double>(counts.items())
                     : 0;
  int exit_code = failure_rate > o.max_failure_rate ? kExitTooManyFailures : kExitOk;
  run.finish(start, exit_code, true);
  if (!run.facts().stopped_by.empty()) {
    spdlog::warn(
        "stopped at {} after {} of {} items; the rest is not in the outputs. Run the "
        "same command with a higher cap to go on: nothing answered is sent again",
        run.facts().stopped_by, counts.items(), prompts.check.items);
  }
  if (exit_code == kExitTooManyFailures) {
    spdlog::error("{:.1f}% of items failed, above --max-failure-rate {:.1f}% (see rejects.jsonl)",
                  failure_rate * 100, o.max_failure_rate * 100);
  }
  return exit_code;
}

}  // namespace

extern const Subcommand kBuildDatasetCommand{
    "build-dataset", "The whole pipeline: prompts to DPO and KTO datasets, resumable", setup, run};

}  // namespace pogen::cli
