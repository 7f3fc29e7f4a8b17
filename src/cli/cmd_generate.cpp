// pogen generate: prompts in, candidate answers out (<run dir>/generate/candidates.jsonl), by the
// config's generation strategy: single, multi or feedback-loop. Resumable: a rerun re-sends
// nothing that had an answer.

#include <map>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/stage_flags.hpp"
#include "cli/subcommand.hpp"
#include "core/json_output.hpp"
#include "generate/generation_record.hpp"
#include "prompt_files/validate.hpp"
#include "run/item_plans.hpp"
#include "run/session.hpp"
#include "run/stage_setup.hpp"

namespace pogen::cli {
namespace {

struct GenerateOptions {
  ConfigFlags config;
  RunDirFlags run_dir;
  PromptFlags prompts;
  double max_failure_rate = 0.05;
};

void add_flags(CLI::App& app, GenerateOptions& o) {
  add_config_flags(app, o.config)->required();
  add_prompt_flags(app, o.prompts);
  add_run_dir_flags(app, o.run_dir);
  add_failure_rate_flag(app, o.max_failure_rate);
}

nlohmann::json failed_item_line(const pipeline::GeneratedItem& item) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const auto& f : item.failures) {
    reasons.push_back(pipeline::describe(f));
  }
  return {{"id", item.id}, {"stage", "generate"}, {"reasons", reasons}};
}

int run(const GenerateOptions& o) {
  auto config = load_stage_config(o.config.config, o.config.fake, o.config.fake_rate_limits);
  if (!config.generation) missing_section(o.config.config, "generation", "generate");
  const auto source =
      prompt_source(config, o.config.config, o.prompts.prompts, o.prompts.skip_invalid, "generate");
  auto prompts = io::open_prompts(source.path, source.format, source.skip_invalid);

  SessionPlace place = session_place(o.config, o.run_dir, "generate");
  place.endpoints = generation_endpoints(config);
  RunSession session(config, place);
  auto& candidates = session.output("candidates.jsonl");
  auto& rejects = session.output("rejects.jsonl");
  std::map<std::string, std::size_t> statuses;
  std::size_t done = 0;

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
    return pipeline::generate_item(session.chat(), *config.generation, std::move(item.id),
                                   std::move(item.messages));
  };
  work.emit = [&](pipeline::GeneratedItem item) {
    ++done;
    ++statuses[item.status()];
    candidates.write_line(io::jsonl_line(pipeline::to_json(item)));
    if (item.status() == "failed") rejects.write_line(io::jsonl_line(failed_item_line(item)));
  };
  session.run_items(
      std::move(work),
      [&] {
        return ItemCounts{done, prompts.check.items, statuses["failed"]};
      },
      o.run_dir.quiet,
      [&](const io::PromptItem& item) { return generation_reservation(config, item); });
  session.commit_outputs();

  spdlog::info("generate: {} items ({} ok, {} partial, {} failed) -> {}", done, statuses["ok"],
               statuses["partial"], statuses["failed"], candidates.path());
  session.report_stop(done, prompts.check.items);
  return session.exit_code(
      failure_exit_code(statuses["failed"], done, o.max_failure_rate, "failed"));
}

}  // namespace

extern const Subcommand kGenerateCommand{
    "generate", "Generate candidate answers for a prompt set (candidates.jsonl)",
    bind_options<GenerateOptions, add_flags, run>};

}  // namespace pogen::cli
