#pragma once
// What `pogen build-dataset` reports about a run: the counts it keeps while items are emitted,
// manifest.json in the run directory, and the summary table on stderr.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/run_config.hpp"
#include "judge/tally.hpp"
#include "llm/client.hpp"
#include "run/dataset_item.hpp"

namespace pogen::cli {

struct DatasetCounts {
  std::map<std::string, std::size_t> outcomes;    // DatasetOutcome names
  std::map<std::string, std::size_t> generation;  // ok, partial, failed
  pipeline::JudgingTally judging;
  pipeline::KtoBalance kto;  // counted from the rows written
  std::size_t dpo_rows = 0;
  std::size_t kto_rows = 0;
  std::size_t invalid_prompts = 0;  // rejected records of the prompt file (--skip-invalid)
  std::size_t candidates = 0;
  std::map<std::string, std::size_t> truncated;  // answers cut at max_tokens, by endpoint

  void add(const pipeline::DatasetItem& item);
  std::size_t items() const;
  std::size_t failed() const;
};

// Requests sent to every endpoint, retries included.
std::int64_t requests_sent(const std::vector<llm::EndpointStats>& stats);

// What the run cost at the prices of the config; nullopt when no endpoint has a price.
std::optional<double> spend(const std::vector<llm::EndpointStats>& stats,
                            const std::map<std::string, pipeline::Price>& prices);

struct RunFacts {
  std::string config_path;
  std::string prompt_path;
  std::string started_at;  // UTC, ISO 8601
  double wall_seconds = 0;
  int exit_code = 0;
  std::string stopped_by;   // "", "max_requests", "max_cost", "endpoint_failed", "signal"
  std::string stop_reason;  // what did not fit, or the endpoint and its failure
  // Endpoints answered by the built-in fake (--fake, or base_url: fake): such a dataset is a
  // test of the pipeline, and the manifest, every record and the summary say so.
  std::vector<std::string> fake_endpoints;
  std::int64_t probe_requests = 0;
  std::map<std::string, std::int64_t>
      request_failures;  // attempts that failed, by kind  // sent by the endpoint probe before the
                         // first item
  std::int64_t cache_hits = 0;
  std::int64_t cache_stored = 0;
};

nlohmann::json manifest_json(const pipeline::RunConfig& config, const DatasetCounts& counts,
                             const std::vector<llm::EndpointStats>& stats, const RunFacts& facts);

void print_dataset_summary(const std::string& run_dir, const pipeline::RunConfig& config,
                           const DatasetCounts& counts,
                           const std::vector<llm::EndpointStats>& stats, const RunFacts& facts);

// The current time in UTC as 2026-11-27T10:15:00Z.
std::string utc_now();

}  // namespace pogen::cli
