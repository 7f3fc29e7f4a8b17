#include "run/dataset_report.hpp"

#include <cstdio>
#include <ctime>

#include <fmt/format.h>

#include "core/json_output.hpp"
#include "core/version.hpp"
#include "run/judge_summary.hpp"

namespace pogen::cli {

void DatasetCounts::add(const pipeline::DatasetItem& item) {
  ++outcomes[name_of(item.outcome)];
  ++generation[item.generated.status()];
  judging.add(item.judged);
  if (item.selection) pipeline::tally_kto(kto, item.selection->kto);
  dpo_rows += item.dpo_rows.size();
  kto_rows += item.kto_rows.size();
}

std::size_t DatasetCounts::items() const {
  std::size_t total = 0;
  for (const auto& [name, n] : outcomes) total += n;
  return total;
}

std::size_t DatasetCounts::failed() const {
  auto it = outcomes.find("failed");
  return it == outcomes.end() ? 0 : it->second;
}

std::int64_t requests_sent(const std::vector<llm::EndpointStats>& stats) {
  std::int64_t sent = 0;
  for (const auto& s : stats) sent += s.requests_sent;
  return sent;
}

std::optional<double> spend(const std::vector<llm::EndpointStats>& stats,
                            const std::map<std::string, pipeline::Price>& prices) {
  std::optional<double> total;
  for (const auto& s : stats) {
    auto it = prices.find(s.name);
    if (it == prices.end()) continue;
    total = total.value_or(0) + it->second.cost(s.prompt_tokens, s.completion_tokens);
  }
  return total;
}

namespace {

nlohmann::json endpoints_json(const pipeline::RunConfig& config,
                              const std::vector<llm::EndpointStats>& stats) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : config.base.endpoints) {
    // No secrets: the key's variable name only, never its value; the URLs as configured.
    nlohmann::json j = {{"name", e.name},
                        {"model", e.model},
                        {"base_urls", e.base_urls},
                        {"api_key_env", e.api_key_env}};
    for (const auto& s : stats) {
      if (s.name != e.name) continue;
      j["requests_sent"] = s.requests_sent;
      j["succeeded"] = s.succeeded;
      j["failed"] = s.failed;
      j["retries"] = s.retries;
      j["prompt_tokens"] = s.prompt_tokens;
      j["completion_tokens"] = s.completion_tokens;
      j["cost"] = io::number_or_null(spend({s}, config.prices));
    }
    out.push_back(std::move(j));
  }
  return out;
}

const char* exit_meaning(int code) {
  switch (code) {
    case 0:
      return "success";
    case 1:
      return "fatal error";
    case 2:
      return "bad input or config";
    case 3:
      return "too many failed items";
    case 130:
      return "interrupted (SIGINT), resumable";
    case 143:
      return "interrupted (SIGTERM), resumable";
    default:
      return "other";
  }
}

}  // namespace

nlohmann::json manifest_json(const pipeline::RunConfig& config, const DatasetCounts& counts,
                             const std::vector<llm::EndpointStats>& stats, const RunFacts& facts) {
  nlohmann::json kto = {{"desirable", counts.kto.desirable},
                        {"undesirable", counts.kto.undesirable},
                        {"ratio", io::number_or_null(counts.kto.ratio)}};
  return {{"pogen_version", kVersion},
          {"command", "build-dataset"},
          {"fake", !facts.fake_endpoints.empty()},
          {"fake_endpoints", facts.fake_endpoints},
          {"started_at", facts.started_at},
          {"wall_seconds", facts.wall_seconds},
          {"exit_status", {{"code", facts.exit_code}, {"meaning", exit_meaning(facts.exit_code)}}},
          {"stopped_by",
           facts.stopped_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(facts.stopped_by)},
          {"stop_reason",
           facts.stop_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(facts.stop_reason)},
          {"config", {{"path", facts.config_path}, {"sha256", config.base.sha256}}},
          {"templates", config.template_hashes},
          {"prompts", {{"path", facts.prompt_path}, {"invalid_records", counts.invalid_prompts}}},
          {"endpoints", endpoints_json(config, stats)},
          {"probe", {{"requests", facts.probe_requests}}},
          {"items", {{"total", counts.items()}, {"outcomes", counts.outcomes}}},
          {"generation", counts.generation},
          {"judging", pipeline::to_json(counts.judging)},
          {"rows", {{"dpo", counts.dpo_rows}, {"kto", counts.kto_rows}, {"kto_balance", kto}}},
          {"cache", {{"hits", facts.cache_hits}, {"stored", facts.cache_stored}}},
          {"cost", io::number_or_null(spend(stats, config.prices))}};
}

void print_dataset_summary(const std::string& run_dir, const pipeline::RunConfig& config,
                           const DatasetCounts& counts,
                           const std::vector<llm::EndpointStats>& stats, const RunFacts& facts) {
  const std::int64_t sent = requests_sent(stats);
  std::int64_t retries = 0, in = 0, out = 0;
  for (const auto& s : stats) {
    retries += s.retries;
    in += s.prompt_tokens;
    out += s.completion_tokens;
  }
  auto cost = spend(stats, config.prices);
  std::string ratio = counts.kto.ratio ? fmt::format("{:.2f}", *counts.kto.ratio) : "n/a";
  std::string flips = counts.judging.flip_rate()
                          ? fmt::format("{:.1f}%", *counts.judging.flip_rate() * 100)
                          : std::string("n/a");
  fmt::print(
      stderr,
      "build-dataset -> {}{}\n"
      "  items       {} ({})\n"
      "  generation  {}\n"
      "  judging     {}; position flips {}; self-judged {}\n"
      "  dpo.jsonl   {} rows\n"
      "  kto.jsonl   {} rows (desirable {}, undesirable {}, ratio {})\n"
      "  requests    {} sent ({} retries){}, {} answered from the cache; tokens {} in, {} out{}\n"
      "  wall time   {:.1f} s{}\n",
      run_dir,
      facts.fake_endpoints.empty()
          ? std::string()
          : fmt::format(" (FAKE endpoints {}: a test of the pipeline, not a dataset)",
                        fmt::join(facts.fake_endpoints, ", ")),
      counts.items(), status_counts_text(counts.outcomes, {"ok", "no_pair", "failed"}),
      status_counts_text(counts.generation, {"ok", "partial", "failed"}),
      status_counts_text(counts.judging.items, {"ok", "no_preference", "failed", "skipped"}), flips,
      counts.judging.self_judged, counts.dpo_rows, counts.kto_rows, counts.kto.desirable,
      counts.kto.undesirable, ratio, sent, retries,
      facts.probe_requests ? fmt::format(" and {} by the endpoint probe", facts.probe_requests)
                           : std::string(),
      facts.cache_hits, in, out, cost ? fmt::format("; cost {:.4f}", *cost) : std::string(),
      facts.wall_seconds,
      facts.stopped_by.empty() ? std::string()
                               : fmt::format(" (stopped early: {})", facts.stopped_by));
}

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace pogen::cli
