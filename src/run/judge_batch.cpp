#include "run/judge_batch.hpp"

#include "cache/cached_chat.hpp"
#include "cache/response_cache.hpp"
#include "core/atomic_file.hpp"
#include "core/json_output.hpp"
#include "fake/endpoint.hpp"
#include "judge/judged_item.hpp"
#include "llm/client.hpp"
#include "llm/client_chat_service.hpp"
#include "run/ordered_runner.hpp"
#include "run/run_lock.hpp"
#include "run/run_loop.hpp"

namespace pogen::cli {
namespace {

void record_verdict(const pipeline::JudgedItem& judged, JudgeBatchResult& result) {
  std::optional<metrics::Verdict> verdict;
  std::string reason = judged.reason;
  if (judged.ranking) {
    for (const auto& pair : judged.ranking->pairs) {
      if (pair.a == 0 && pair.b == 1) {
        verdict = pair.verdict;
        if (!verdict) reason = pair.reason;
      }
    }
  }
  if (verdict) reason.clear();
  result.verdicts.push_back(verdict);
  result.reasons.push_back(reason);
}

}  // namespace

JudgeBatchResult judge_batch(const pipeline::RunConfig& const_config,
                             std::vector<pipeline::GeneratedItem> items,
                             const std::string& run_dir) {
  io::RunLock lock(run_dir);
  pipeline::RunConfig config = const_config;
  io::ResponseCache cache(run_dir + "/" + io::kResponseCacheFile);
  auto fakes = llm::start_fake_endpoints(config.base.endpoints);
  http::EventLoop loop;
  llm::Client client(loop, config.base.endpoints, config.base.client);
  llm::ClientChatService direct(client);
  pipeline::CachedChat chat(direct, cache, config.base.endpoints);
  io::AtomicFile judgments(run_dir + "/judgments.jsonl");
  JudgeBatchResult result;

  std::size_t next = 0;
  pipeline::OrderedRun<pipeline::GeneratedItem, pipeline::JudgedItem> work;
  work.next = [&]() -> std::optional<pipeline::GeneratedItem> {
    if (next == items.size()) return std::nullopt;
    return std::move(items[next++]);
  };
  work.work = [&](pipeline::GeneratedItem item) {
    return pipeline::judge_generated(chat, *config.judging, std::move(item));
  };
  work.emit = [&](pipeline::JudgedItem judged) {
    result.tally.add(judged);
    record_verdict(judged, result);
    judgments.write_line(io::jsonl_line(pipeline::to_json(judged)));
  };
  work.stopping = [&] { return loop.stop_requested(); };
  work.window = static_cast<std::size_t>(config.run.max_items_in_flight);
  loop.tasks().spawn(pipeline::run_in_order(std::move(work)));
  run_until_done(loop);
  judgments.commit();
  return result;
}

}  // namespace pogen::cli
