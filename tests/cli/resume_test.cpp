// Crash safety of build-dataset: the binary is killed with SIGKILL at random moments, resumed
// each time, and must end with outputs equal to an uninterrupted run's, having re-sent no request
// that had succeeded and been stored (only requests in flight at a kill may be sent again).

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "dataset_test_support.hpp"

using nlohmann::json;
using namespace pogen::cli::testing;

namespace {

constexpr int kKills = 20;
constexpr int kMaxInFlight = 2;  // client.max_in_flight: at most this many re-sends per kill

struct LogEntry {
  std::string pid;
  std::string request;
};

std::vector<LogEntry> read_log(const std::string& path) {
  std::vector<LogEntry> entries;
  std::istringstream in(read_file(path));
  for (LogEntry e; in >> e.pid >> e.request;) entries.push_back(e);
  return entries;
}

std::vector<json> records_without_latency(const std::string& path) {
  std::vector<json> out;
  for (auto& row : read_jsonl(path)) out.push_back(without_latency(row));
  return out;
}

// Copies the run directory's response cache (the database and its write-ahead log, if any) into a
// new run directory.
void copy_cache(const std::string& from, const std::string& to) {
  std::filesystem::create_directories(to);
  for (const char* file : {"/responses.sqlite", "/responses.sqlite-wal"}) {
    if (std::filesystem::exists(from + file)) std::filesystem::copy_file(from + file, to + file);
  }
}

}  // namespace

TEST_CASE("build-dataset killed with SIGKILL 20 times resumes to the uninterrupted outputs",
          "[cli][build-dataset][resume]") {
  TempDir dir;
  const std::string extra = "client:\n  max_in_flight: " + std::to_string(kMaxInFlight) + "\n";
  auto config = dir.write("config.yaml", dataset_config("{latency_ms: 40}", "", extra));
  dir.write("prompts.jsonl", prompt_lines(20));
  const std::string base = dir.write("unused", "");
  const std::string reference = base + "-reference";
  const std::string resumed = base + "-resumed";
  const std::string log = base + "-requests.log";

  auto whole = run_pogen({"build-dataset", "--config", config, "--out", reference, "--quiet"});
  INFO(whole.err);
  REQUIRE(whole.exit_code == 0);

  std::mt19937 rng(20261127);
  std::uniform_int_distribution<int> moment_ms(40, 250);
  std::set<std::string> killed;
  int kills = 0;
  int runs = 0;
  for (;;) {
    ++runs;
    std::string pid;
    ProcessOptions options;
    options.env = {{"POGEN_FAKE_REQUEST_LOG", log}};
    options.on_start = [&](int p) { pid = std::to_string(p); };
    if (kills < kKills) options.timeout = std::chrono::milliseconds(moment_ms(rng));
    // Without the endpoint probe, whose two requests every run sends again by design.
    auto result = run_pogen(
        {"build-dataset", "--config", config, "--out", resumed, "--quiet", "--no-probe"}, options);
    if (result.timed_out) {
      ++kills;
      killed.insert(pid);
      continue;
    }
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    break;
  }
  // Every kill landed before the run could finish (the work takes seconds, a kill < 0.25 s).
  CHECK(kills == kKills);
  CHECK(runs == kKills + 1);

  for (const char* name : {"dpo.jsonl", "kto.jsonl", "rejects.jsonl"}) {
    INFO(name);
    CHECK(read_file(resumed + "/" + name) == read_file(reference + "/" + name));
  }
  CHECK(records_without_latency(resumed + "/records.jsonl") ==
        records_without_latency(reference + "/records.jsonl"));

  // A request answered twice must have been in flight when its first sender was killed: so it
  // was sent first by a killed run, and no killed run lost more than its in-flight requests.
  std::map<std::string, std::vector<std::string>> senders;
  for (const auto& e : read_log(log)) senders[e.request].push_back(e.pid);
  std::map<std::string, int> resent_after;
  for (const auto& [request, pids] : senders) {
    for (std::size_t i = 0; i + 1 < pids.size(); ++i) {
      INFO("request " << request << " answered in run " << pids[i] << " and again later");
      CHECK(killed.contains(pids[i]));
      ++resent_after[pids[i]];
    }
  }
  for (const auto& [pid, n] : resent_after) {
    INFO("run " << pid);
    CHECK(n <= kMaxInFlight);
  }
  CHECK(senders.size() > 100);
}

// records.jsonl holds what each request took (latency_ms, queue_ms, retry_ms), measured when it
// was answered: two runs that send the same requests measure different times, so the resumed
// run's records are compared byte for byte with an uninterrupted run given the same answers
// (the resumed run's cache), and with an independent uninterrupted run except for those times.
TEST_CASE("a resumed build-dataset writes every output byte for byte as an uninterrupted run",
          "[cli][build-dataset][resume]") {
  TempDir dir;
  const std::string extra = "client:\n  max_in_flight: " + std::to_string(kMaxInFlight) + "\n";
  auto config = dir.write("config.yaml", dataset_config("{latency_ms: 30}", "", extra));
  dir.write("prompts.jsonl", prompt_lines(12));
  const std::string base = dir.write("unused", "");
  const std::string reference = base + "-reference";
  const std::string resumed = base + "-resumed";
  const std::string replay = base + "-replay";
  auto build = [&](const std::string& out, const ProcessOptions& options) {
    return run_pogen({"build-dataset", "--config", config, "--out", out, "--quiet"}, options);
  };

  auto whole = build(reference, {});
  INFO(whole.err);
  REQUIRE(whole.exit_code == 0);

  for (int moment_ms : {400, 900, 1400}) {
    ProcessOptions options;
    options.timeout = std::chrono::milliseconds(moment_ms);
    REQUIRE(build(resumed, options).timed_out);  // SIGKILL mid-run
  }
  auto finished = build(resumed, {});
  INFO(finished.err);
  REQUIRE(finished.exit_code == 0);
  // The killed runs had answered part of the work, and the last run sent the rest.
  const auto cache = read_json(resumed + "/manifest.json").at("cache");
  CHECK(cache.at("hits").get<int>() > 0);
  CHECK(cache.at("stored").get<int>() > 0);

  copy_cache(resumed, replay);
  auto again = build(replay, {});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(read_json(replay + "/manifest.json").at("cache").at("stored") == 0);

  for (const char* name : {"dpo.jsonl", "kto.jsonl", "records.jsonl", "rejects.jsonl"}) {
    INFO(name);
    CHECK(read_file(resumed + "/" + name) == read_file(replay + "/" + name));
  }
  for (const char* name : {"dpo.jsonl", "kto.jsonl", "rejects.jsonl"}) {
    INFO(name);
    CHECK(read_file(resumed + "/" + name) == read_file(reference + "/" + name));
  }
  CHECK(records_without_latency(resumed + "/records.jsonl") ==
        records_without_latency(reference + "/records.jsonl"));
  // The times are there to compare: every answer's exchange took at least the fake's 30 ms.
  const auto first = read_jsonl(resumed + "/records.jsonl").at(0);
  const auto& candidate = first.at("generation").at("candidates").at(0);
  CHECK(candidate.at("latency_ms").get<double>() >= 30);
  CHECK(candidate.contains("queue_ms"));
  CHECK(candidate.contains("retry_ms"));
}
