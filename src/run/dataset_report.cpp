#include "run/dataset_report.hpp"

#include <cstdio>
#include <ctime>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/json_output.hpp"
#include "core/version.hpp"
#include "metrics/wilson.hpp"
#include "run/judge_summary.hpp"

namespace pogen::cli {

void DatasetCounts::add(const pipeline::DatasetItem& item) {
  ++outcomes[name_of(item.outcome)];
  ++generation[item.generated.status()];
  judging.add(item.judged);
  for (const auto& candidate : item.generated.candidates) {
    ++candidates;
    if (candidate.truncated) ++truncated[candidate.endpoint];
  }
  for (const auto& row : item.kto_rows) {
    ++(row.value("label", false) ? kto.desirable : kto.undesirable);
  }
  if (kto.undesirable > 0) {
    kto.ratio = static_cast<double>(kto.desirable) / static_cast<double>(kto.undesirable);
  }
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

std::size_t truncated_total(const DatasetCounts& counts) {
  std::size_t total = 0;
  for (const auto& [endpoint, n] : counts.truncated) total += n;
  return total;
}

nlohmann::json endpoints_json(const pipeline::RunConfig& config, const DatasetCounts& counts,
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
      j["retries_by_kind"] = s.retries_by_kind;
      j["backoff_seconds"] = s.backoff_seconds;
      j["rate_limited_seconds"] = s.rate_limited_seconds;
      auto truncated = counts.truncated.find(s.name);
      j["truncated_answers"] = truncated == counts.truncated.end() ? 0 : truncated->second;
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

// The judging summary of the manifest, with the family-preference score of a jury.
nlohmann::json judging_json(const pipeline::RunConfig& config,
                            const pipeline::JudgingTally& tally) {
  nlohmann::json out = pipeline::to_json(tally);
  if (config.judging) {
    out["family_preference"] = family_preference_json(
        pipeline::family_preference(tally.jury_pairs, config.judging->self_judge.families));
  }
  return out;
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
          {"endpoints", endpoints_json(config, counts, stats)},
          {"failed_requests_by_kind", facts.request_failures},
          {"probe", {{"requests", facts.probe_requests}}},
          {"items", {{"total", counts.items()}, {"outcomes", counts.outcomes}}},
          {"generation", counts.generation},
          {"answers", {{"total", counts.candidates}, {"truncated", truncated_total(counts)}}},
          {"judging", judging_json(config, counts.judging)},
          {"rows", {{"dpo", counts.dpo_rows}, {"kto", counts.kto_rows}, {"kto_balance", kto}}},
          {"cache", {{"hits", facts.cache_hits}, {"stored", facts.cache_stored}}},
          {"cost", io::number_or_null(spend(stats, config.prices))}};
}

namespace {

std::string kinds_text(const std::map<std::string, std::int64_t>& kinds) {
  std::vector<std::string> parts;
  for (const auto& [kind, n] : kinds) parts.push_back(fmt::format("{} {}", kind, n));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string truncated_text(const DatasetCounts& counts) {
  const std::size_t total = truncated_total(counts);
  std::vector<std::string> by_endpoint;
  for (const auto& [endpoint, n] : counts.truncated) {
    by_endpoint.push_back(fmt::format("{} {}", endpoint, n));
  }
  std::string text =
      fmt::format("; {} answers, {} truncated at max_tokens", counts.candidates, total);
  if (total > 0) text += fmt::format(" ({})", fmt::join(by_endpoint, ", "));
  return text;
}

std::size_t judge_calls(const pipeline::JudgingTally& tally) {
  std::size_t calls = 0;
  for (const auto& [status, n] : tally.judgments) calls += n;
  return calls;
}

// One line per endpoint that sent anything: requests, retries and failures by kind, and the
// time spent held back by rate limits.
void print_endpoint_lines(const std::vector<llm::EndpointStats>& stats,
                          const std::map<std::string, std::int64_t>& failures) {
  for (const auto& e : stats) {
    if (e.requests_sent == 0) continue;
    std::string line =
        fmt::format("  {:<11} {} sent, {} failed calls", e.name, e.requests_sent, e.failed);
    if (e.retries > 0) {
      line += fmt::format(", {} retries ({})", e.retries, kinds_text(e.retries_by_kind));
    }
    if (e.rate_limited_seconds >= 0.05) {
      line += fmt::format(", {:.1f} s waiting on rate limits", e.rate_limited_seconds);
    }
    fmt::print(stderr, "{}\n", line);
  }
  if (!failures.empty()) {
    fmt::print(stderr, "  failed requests by kind: {}\n", kinds_text(failures));
  }
}

// Each judge's position consistency with its Wilson interval, when some pair had both orders.
void print_consistency_line(const pipeline::JudgingTally& tally) {
  std::vector<std::string> parts;
  for (const auto& [judge, orders] : tally.by_judge) {
    const auto interval = metrics::wilson_interval(orders.consistent, orders.pairs_both_orders);
    parts.push_back(fmt::format("{} {:.1f}% of {} (Wilson 95% {:.1f}-{:.1f}%)", judge,
                                *orders.consistency() * 100, orders.pairs_both_orders,
                                interval->lower * 100, interval->upper * 100));
  }
  if (!parts.empty()) {
    fmt::print(stderr, "  consistent  {} (same verdict in both orders)\n", fmt::join(parts, ", "));
  }
}

}  // namespace

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
      "  items       {} ({}){}\n"
      "  generation  {}{}\n"
      "  judging     {}; position flips {}; self-judged {}; format re-asks {} of {} judge "
      "calls\n"
      "  dpo.jsonl   {} rows\n"
      "  kto.jsonl   {} rows (desirable {}, undesirable {}, ratio {})\n"
      "  requests    {} sent ({} retries){}, {} answered from the cache; tokens {} in, {} out{}\n",
      run_dir,
      facts.fake_endpoints.empty()
          ? std::string()
          : fmt::format(" (FAKE endpoints {}: a test of the pipeline, not a dataset)",
                        fmt::join(facts.fake_endpoints, ", ")),
      counts.items(), status_counts_text(counts.outcomes, {"ok", "no_pair", "failed"}),
      counts.invalid_prompts == 0
          ? std::string()
          : fmt::format("; {} invalid prompt records skipped (rejects.jsonl)",
                        counts.invalid_prompts),
      status_counts_text(counts.generation, {"ok", "partial", "failed"}), truncated_text(counts),
      status_counts_text(counts.judging.items, {"ok", "no_preference", "failed", "skipped"}), flips,
      counts.judging.self_judged, counts.judging.reasked, judge_calls(counts.judging),
      counts.dpo_rows, counts.kto_rows, counts.kto.desirable, counts.kto.undesirable, ratio, sent,
      retries,
      facts.probe_requests ? fmt::format(" and {} by the endpoint probe", facts.probe_requests)
                           : std::string(),
      facts.cache_hits, in, out, cost ? fmt::format("; cost {:.4f}", *cost) : std::string());
  print_consistency_line(counts.judging);
  print_endpoint_lines(stats, facts.request_failures);
  fmt::print(stderr, "  wall time   {:.1f} s{}\n", facts.wall_seconds,
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
