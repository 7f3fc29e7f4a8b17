// pogen generate: prompts in, candidate answers out (candidates.jsonl), by the config's
// generation strategy: single, multi or feedback-loop.

#include <filesystem>
#include <map>
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
#include "generate/generation_record.hpp"
#include "llm/client.hpp"
#include "llm/client_chat_service.hpp"
#include "prompt_files/validate.hpp"
#include "run/ordered_runner.hpp"
#include "run/run_loop.hpp"
#include "run/stage_setup.hpp"

namespace pogen::cli {
namespace {

struct GenerateOptions {
  std::string config;
  std::string prompts;
  std::string out;
  bool fake = false;
  bool skip_invalid = false;
  double max_failure_rate = 0.05;
};

GenerateOptions& options() {
  static GenerateOptions o;
  return o;
}

void setup(CLI::App& app) {
  auto& o = options();
  o = {};
  app.add_option("--config", o.config, "Config file (YAML or JSON)")->required();
  app.add_option("--prompts", o.prompts, "Prompt file (overrides the config's; - reads stdin)");
  app.add_option("--out", o.out, "Run directory (default: runs/<config name>)");
  app.add_flag("--fake", o.fake, "Replace every endpoint with the built-in fake endpoint");
  app.add_flag("--skip-invalid", o.skip_invalid,
               "Write invalid prompt records to rejects.jsonl and go on");
  app.add_option("--max-failure-rate", o.max_failure_rate,
                 "Exit 3 when more than this share of items failed (default 0.05)")
      ->check(CLI::Range(0.0, 1.0));
}

nlohmann::json failed_item_line(const pipeline::GeneratedItem& item) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const auto& f : item.failures) {
    reasons.push_back(pipeline::describe(f));
  }
  return {{"id", item.id}, {"stage", "generate"}, {"reasons", reasons}};
}

int run() {
  const auto& o = options();
  auto config = load_stage_config(o.config, o.fake);
  if (!config.generation) missing_section(o.config, "generation", "generate");
  const auto source = prompt_source(config, o.config, o.prompts, o.skip_invalid, "generate");
  auto prompts = io::open_prompts(source.path, source.format, source.skip_invalid);
  auto run_dir = prepare_run_dir(o.out, o.config);

  auto fakes = llm::start_fake_endpoints(config.base.endpoints);
  http::EventLoop loop;
  llm::Client client(loop, config.base.endpoints, config.base.client);
  llm::ClientChatService chat(client);
  io::AtomicFile candidates(run_dir + "/candidates.jsonl");
  io::AtomicFile rejects(run_dir + "/rejects.jsonl");
  std::map<std::string, std::size_t> statuses;

  pipeline::OrderedRun<io::PromptItem, pipeline::GeneratedItem> work;
  work.next = [&]() -> std::optional<io::PromptItem> {
    while (auto entry = prompts.reader.next()) {
      if (auto* item = std::get_if<io::PromptItem>(&*entry)) return std::move(*item);
      rejects.write_line(
          io::jsonl_line(rejected_prompt_json(std::get<io::PromptRejected>(*entry))));
    }
    return std::nullopt;
  };
  work.work = [&](io::PromptItem item) {
    return pipeline::generate_item(chat, *config.generation, std::move(item.id),
                                   std::move(item.messages));
  };
  work.emit = [&](pipeline::GeneratedItem item) {
    ++statuses[item.status()];
    candidates.write_line(io::jsonl_line(pipeline::to_json(item)));
    if (item.status() == "failed") rejects.write_line(io::jsonl_line(failed_item_line(item)));
  };
  work.stopping = [&] { return loop.stop_requested(); };
  work.window = static_cast<std::size_t>(config.run.max_items_in_flight);
  loop.tasks().spawn(pipeline::run_in_order(std::move(work)));
  run_until_done(loop);
  candidates.commit();
  rejects.commit();

  std::size_t total = 0;
  for (const auto& [status, n] : statuses) total += n;
  spdlog::info("generate: {} items ({} ok, {} partial, {} failed) -> {}/candidates.jsonl", total,
               statuses["ok"], statuses["partial"], statuses["failed"], run_dir);
  return failure_exit_code(statuses["failed"], total, o.max_failure_rate, "failed");
}

}  // namespace

extern const Subcommand kGenerateCommand{
    "generate", "Generate candidate answers for a prompt set (candidates.jsonl)", setup, run};

}  // namespace pogen::cli
