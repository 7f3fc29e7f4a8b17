// The run session every pipeline command goes through: one lock per run directory, a response
// cache per command (a rerun after a kill re-sends nothing that had an answer), and outputs in
// the command's own folder, so that no command overwrites another's.

#include <unistd.h>

#include <filesystem>
#include <map>
#include <sstream>

#include <catch2/catch.hpp>

#include "dataset_test_support.hpp"

using nlohmann::json;
using namespace pogen::cli::testing;

namespace {

constexpr int kMaxInFlight = 2;

// "<pid> <request hash>" per request the fake answered (POGEN_FAKE_REQUEST_LOG).
std::map<std::string, std::vector<std::string>> senders_by_request(const std::string& log) {
  std::map<std::string, std::vector<std::string>> senders;
  std::istringstream in(read_file(log));
  for (std::string pid, request; in >> pid >> request;) senders[request].push_back(pid);
  return senders;
}

std::size_t lines_in(const std::string& path) {
  std::istringstream in(read_file(path));
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

struct Workspace {
  TempDir dir;
  std::string config;
  std::string out;
  std::string log;

  explicit Workspace(const std::string& fake_settings = "{}", int prompts = 6) {
    const std::string extra = "client:\n  max_in_flight: " + std::to_string(kMaxInFlight) + "\n";
    config = dir.write("config.yaml", dataset_config(fake_settings, "", extra));
    dir.write("prompts.jsonl", prompt_lines(prompts));
    out = dir.write("unused", "") + "-run";
    log = out + "-requests.log";
  }

  ProcessResult run(std::vector<std::string> args, ProcessOptions options = {}) const {
    args.insert(args.end(), {"--config", config, "--out", out, "--quiet"});
    options.env.emplace_back("POGEN_FAKE_REQUEST_LOG", log);
    return run_pogen(args, options);
  }
  std::string file(const std::string& name) const { return out + "/" + name; }
};

}  // namespace

TEST_CASE("two generate runs on one run directory: the second is refused, naming the first's pid",
          "[cli][session]") {
  Workspace w("{latency_ms: 200}", 4);
  int first_pid = 0;
  ProcessResult second;
  ProcessOptions options;
  options.on_start = [&](int pid) {
    first_pid = pid;
    ::usleep(300'000);  // the first run has taken the lock by now
    second = w.run({"generate"});
  };
  auto first = w.run({"generate"}, options);
  INFO(first.err);
  CHECK(first.exit_code == 0);
  INFO(second.err);
  CHECK(second.exit_code == 1);
  CHECK(second.err.find("is in use by another pogen run (pid " + std::to_string(first_pid) + ")") !=
        std::string::npos);
  // The refused run wrote nothing: the first run's outputs are whole.
  CHECK(lines_in(w.file("generate/candidates.jsonl")) == 4);
}

TEST_CASE("judge and build-dataset share a run directory's lock", "[cli][session]") {
  Workspace w("{latency_ms: 200}", 4);
  REQUIRE(w.run({"generate"}).exit_code == 0);
  ProcessResult judge;
  ProcessOptions options;
  options.on_start = [&](int) {
    ::usleep(300'000);
    judge = w.run({"judge", "--input", w.file("generate/candidates.jsonl")});
  };
  auto build = w.run({"build-dataset"}, options);
  CHECK(build.exit_code == 0);
  INFO(judge.err);
  CHECK(judge.exit_code == 1);
  CHECK(judge.err.find("is in use by another pogen run") != std::string::npos);
}

TEST_CASE("judge killed with SIGKILL and rerun re-sends no request that had an answer",
          "[cli][session][resume]") {
  Workspace w("{latency_ms: 30}", 8);
  REQUIRE(w.run({"generate"}).exit_code == 0);
  const std::string input =
      w.dir.write("candidates.jsonl", read_file(w.file("generate/candidates.jsonl")));
  // The reference: the same judging, uninterrupted, in another directory.
  auto reference = run_pogen(
      {"judge", "--config", w.config, "--input", input, "--out", w.out + "-reference", "--quiet"});
  REQUIRE(reference.exit_code == 0);
  std::filesystem::remove(w.log);

  std::string killed_pid;
  ProcessOptions options;
  options.timeout = std::chrono::milliseconds(400);
  options.on_start = [&](int pid) { killed_pid = std::to_string(pid); };
  // Without the endpoint probe, whose requests every run sends again by design.
  auto killed = w.run({"judge", "--input", input, "--no-probe"}, options);
  REQUIRE(killed.timed_out);
  const auto answered_before_kill = senders_by_request(w.log).size();
  REQUIRE(answered_before_kill > 0);
  CHECK_FALSE(std::filesystem::exists(w.file("judge/judgments.jsonl")));

  auto resumed = w.run({"judge", "--input", input, "--no-probe"});
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(read_file(w.file("judge/judgments.jsonl")) ==
        read_file(w.out + "-reference/judge/judgments.jsonl"));
  // A request sent twice was in flight when the first run died; there are at most max_in_flight.
  int sent_again = 0;
  for (const auto& [request, pids] : senders_by_request(w.log)) {
    if (pids.size() == 1) continue;
    INFO("request " << request);
    CHECK(pids.size() == 2);
    CHECK(pids.front() == killed_pid);
    ++sent_again;
  }
  CHECK(sent_again <= kMaxInFlight);
}

TEST_CASE("a rerun of generate is answered from its cache", "[cli][session][resume]") {
  Workspace w;
  REQUIRE(w.run({"generate", "--no-probe"}).exit_code == 0);
  const auto first = w.dir.write("first.jsonl", read_file(w.file("generate/candidates.jsonl")));
  const auto sent = lines_in(w.log);
  REQUIRE(sent > 0);
  REQUIRE(w.run({"generate", "--no-probe"}).exit_code == 0);
  CHECK(lines_in(w.log) == sent);
  CHECK(lines_in(first) == 6);
  CHECK(without_latency(read_jsonl(w.file("generate/candidates.jsonl"))) ==
        without_latency(read_jsonl(first)));
}

TEST_CASE("commands on one run directory never overwrite each other's outputs", "[cli][session]") {
  Workspace w;
  REQUIRE(w.run({"generate"}).exit_code == 0);
  const std::string candidates = w.file("generate/candidates.jsonl");
  REQUIRE(w.run({"judge", "--input", candidates}).exit_code == 0);
  REQUIRE(w.run({"build-dataset"}).exit_code == 0);
  const auto judgments = read_file(w.file("judge/judgments.jsonl"));
  const auto summary = read_file(w.file("judge/judge-summary.json"));
  const auto dpo = read_file(w.file("dpo.jsonl"));
  REQUIRE_FALSE(judgments.empty());

  SECTION("winrate after judge with the same config") {
    auto winrate = w.run({"winrate", "--a", candidates, "--b", candidates});
    INFO(winrate.err);
    REQUIRE(winrate.exit_code == 0);
    CHECK(std::filesystem::exists(w.file("winrate/winrate.json")));
    CHECK(std::filesystem::exists(w.file("winrate/judgments.jsonl")));
    CHECK(read_file(w.file("judge/judgments.jsonl")) == judgments);
    CHECK(read_file(w.file("judge/judge-summary.json")) == summary);
    CHECK(read_file(w.file("dpo.jsonl")) == dpo);
  }
  SECTION("--fresh forgets only its own command's outputs and responses") {
    const auto sent = lines_in(w.log);
    auto fresh = w.run({"judge", "--input", candidates, "--fresh"});
    REQUIRE(fresh.exit_code == 0);
    CHECK(lines_in(w.log) > sent);  // judge's cache was forgotten: its requests went out again
    CHECK(read_file(w.file("judge/judgments.jsonl")) == judgments);
    CHECK(read_file(w.file("generate/candidates.jsonl")) == read_file(candidates));
    CHECK(read_file(w.file("dpo.jsonl")) == dpo);

    const auto before_build = lines_in(w.log);
    auto rebuilt = w.run({"build-dataset", "--fresh"});
    REQUIRE(rebuilt.exit_code == 0);
    CHECK(lines_in(w.log) > before_build);
    CHECK(read_file(w.file("judge/judgments.jsonl")) == judgments);
    CHECK(std::filesystem::exists(w.file("generate/responses.sqlite")));
    CHECK(std::filesystem::exists(w.file("judge/responses.sqlite")));
  }
}
