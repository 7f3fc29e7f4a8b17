// pogen build-dataset end to end on the built-in fake endpoint: golden outputs, TRL validity,
// the manifest, the resume cache, the run lock, --fresh, --dry-run, caps and exit codes.

#include <sys/file.h>
#include <unistd.h>

#include <fcntl.h>

#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "dataset_test_support.hpp"

using nlohmann::json;
using namespace pogen::cli::testing;

namespace {

struct Run {
  TempDir dir;
  std::string config;
  std::string out;

  explicit Run(const std::string& config_text, int prompts = 3) {
    config = dir.write("config.yaml", config_text);
    dir.write("prompts.jsonl", prompt_lines(prompts));
    out = dir.write("unused", "") + "-run";
  }
  ProcessResult build(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"build-dataset", "--config", config, "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_pogen(args);
  }
  std::string file(const std::string& name) const { return out + "/" + name; }
};

void check_message(const json& message, const char* role) {
  REQUIRE(message.is_object());
  CHECK(message["role"] == role);
  REQUIRE(message["content"].is_string());
  CHECK_FALSE(message["content"].get<std::string>().empty());
}

// TRL's conversational form with an explicit prompt.
void check_prompt(const json& row) {
  REQUIRE(row["prompt_id"].is_string());
  REQUIRE(row["prompt"].is_array());
  REQUIRE_FALSE(row["prompt"].empty());
  check_message(row["prompt"].back(), "user");
}

std::int64_t requests_sent(const json& manifest) {
  std::int64_t sent = 0;
  for (const auto& e : manifest["endpoints"]) sent += e["requests_sent"].get<std::int64_t>();
  return sent;
}

std::int64_t calls(const json& manifest) {
  std::int64_t n = 0;
  for (const auto& e : manifest["endpoints"]) {
    n += e["succeeded"].get<std::int64_t>() + e["failed"].get<std::int64_t>();
  }
  return n;
}

}  // namespace

TEST_CASE("build-dataset writes the golden DPO and KTO rows for a small prompt set",
          "[cli][build-dataset]") {
  Run run(dataset_config());
  auto result = run.build();
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  // Regenerate after a deliberate change of the fake endpoint or the pipeline with:
  //   build/pogen build-dataset --config <this config> ... and copy dpo.jsonl / kto.jsonl.
  CHECK(read_file(run.file("dpo.jsonl")) == read_file(source_path("tests/cli/golden/dpo.jsonl")));
  CHECK(read_file(run.file("kto.jsonl")) == read_file(source_path("tests/cli/golden/kto.jsonl")));
  CHECK(read_file(run.file("rejects.jsonl")).empty());
  CHECK(read_jsonl(run.file("records.jsonl")).size() == 3);
}

TEST_CASE("build-dataset rows are valid TRL rows, in input order, with stable prompt ids",
          "[cli][build-dataset]") {
  Run run(dataset_config(), 8);
  auto result = run.build({"--quiet"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto dpo = read_jsonl(run.file("dpo.jsonl"));
  REQUIRE_FALSE(dpo.empty());
  std::string previous;
  for (const auto& row : dpo) {
    check_prompt(row);
    REQUIRE(row["chosen"].size() == 1);
    REQUIRE(row["rejected"].size() == 1);
    check_message(row["chosen"][0], "assistant");
    check_message(row["rejected"][0], "assistant");
    CHECK(row["chosen"][0]["content"] != row["rejected"][0]["content"]);
    CHECK(row["prompt_id"].get<std::string>() >= previous);  // p0 < p1 < ... < p7
    previous = row["prompt_id"];
  }
  for (const auto& row : read_jsonl(run.file("kto.jsonl"))) {
    check_prompt(row);
    REQUIRE(row["completion"].size() == 1);
    check_message(row["completion"][0], "assistant");
    CHECK(row["label"].is_boolean());
  }
  auto records = read_jsonl(run.file("records.jsonl"));
  REQUIRE(records.size() == 8);
  for (std::size_t i = 0; i < records.size(); ++i) {
    CHECK(records[i]["id"] == "p" + std::to_string(i));
    CHECK(records[i]["generation"]["candidates"].size() == 3);
    CHECK(records[i]["judging"]["ranking"]["pairs"].size() == 3);
    CHECK(records[i].contains("selection"));
  }
}

TEST_CASE("build-dataset manifest: version, hashes, endpoints without secrets, counts",
          "[cli][build-dataset]") {
  Run run(
      "endpoints:\n  - {name: secret, base_url: fake, model: m-1, api_key_env: POGEN_TEST_KEY}\n" +
      dataset_config().substr(std::string("endpoints:\n").size()));
  ProcessOptions options;
  options.env = {{"POGEN_TEST_KEY", "sk-very-secret-value"}};
  auto result = run_pogen({"build-dataset", "--config", run.config, "--out", run.out}, options);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto manifest = read_json(run.file("manifest.json"));
  CHECK(manifest["pogen_version"].is_string());
  CHECK(manifest["exit_status"]["code"] == 0);
  CHECK(manifest["config"]["sha256"].get<std::string>().size() == 64);
  CHECK(manifest["templates"].contains("builtin:judge-combined.md"));
  CHECK(manifest["items"]["total"] == 3);
  CHECK(manifest["rows"]["dpo"].get<int>() > 0);
  CHECK(manifest["endpoints"][0]["api_key_env"] == "POGEN_TEST_KEY");
  CHECK(requests_sent(manifest) > 0);
  for (const char* name :
       {"manifest.json", "records.jsonl", "dpo.jsonl", "kto.jsonl", "rejects.jsonl"}) {
    CHECK(read_file(run.file(name)).find("sk-very-secret-value") == std::string::npos);
  }
  CHECK(result.err.find("sk-very-secret-value") == std::string::npos);
}

TEST_CASE("build-dataset: a second run answers from the cache; --fresh starts over",
          "[cli][build-dataset]") {
  Run run(dataset_config());
  REQUIRE(run.build().exit_code == 0);
  const auto first = read_file(run.file("dpo.jsonl"));
  const auto records = read_jsonl(run.file("records.jsonl"));

  auto again = run.build();
  REQUIRE(again.exit_code == 0);
  auto manifest = read_json(run.file("manifest.json"));
  CHECK(requests_sent(manifest) == 0);
  CHECK(manifest["cache"]["hits"].get<int>() > 0);
  CHECK(read_file(run.file("dpo.jsonl")) == first);
  CHECK(read_jsonl(run.file("records.jsonl")) == records);

  auto fresh = run.build({"--fresh"});
  REQUIRE(fresh.exit_code == 0);
  manifest = read_json(run.file("manifest.json"));
  CHECK(manifest["cache"]["hits"] == 0);
  CHECK(requests_sent(manifest) > 0);
  CHECK(read_file(run.file("dpo.jsonl")) == first);
}

TEST_CASE("build-dataset --dry-run plans exactly the requests a run sends",
          "[cli][build-dataset]") {
  Run run(dataset_config(), 5);
  auto plan = run.build({"--dry-run"});
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  std::smatch match;
  REQUIRE(std::regex_search(plan.out, match, std::regex(R"(plan: 5 items, (\d+) requests)")));
  const auto planned = std::stoll(match[1]);
  CHECK(planned == 5 * (3 + 2 + 6));  // 3 answers, 2 reviews, 3 pairs x 2 orders
  CHECK(std::regex_search(plan.out, std::regex(R"(\njudge +judge +30 )")));
  CHECK_FALSE(std::ifstream(run.file("manifest.json")).good());

  auto result = run.build();
  REQUIRE(result.exit_code == 0);
  CHECK(calls(read_json(run.file("manifest.json"))) == planned);
}

TEST_CASE("build-dataset: a live run holds the directory; a stale lock file is taken over",
          "[cli][build-dataset]") {
  Run run(dataset_config("{latency_ms: 200}"), 4);
  SECTION("live holder") {
    std::string second_err;
    int second_code = -1;
    ProcessOptions options;
    options.on_start = [&](int) {
      ::usleep(300'000);  // the first run has taken the lock by now
      auto second = run.build({"--quiet"});
      second_code = second.exit_code;
      second_err = second.err;
    };
    auto first =
        run_pogen({"build-dataset", "--config", run.config, "--out", run.out, "--quiet"}, options);
    CHECK(first.exit_code == 0);
    CHECK(second_code == 1);
    CHECK(second_err.find("is in use by another pogen run (pid ") != std::string::npos);
  }
  SECTION("stale lock file from a dead run") {
    std::filesystem::create_directories(run.out);
    std::ofstream(run.out + "/.pogen.lock") << "999999\n";
    auto result = run.build({"--quiet"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("took over the stale lock of pid 999999") != std::string::npos);
  }
  SECTION("after a clean exit, the next run says nothing of a stale lock") {
    REQUIRE(run.build({"--quiet"}).exit_code == 0);
    auto again = run.build({"--quiet"});
    INFO(again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.err.find("stale lock") == std::string::npos);
  }
}

TEST_CASE("build-dataset exit codes: 2 for bad input, 3 for too many failed items",
          "[cli][build-dataset]") {
  SECTION("a bad prompt line, before any request") {
    Run run(dataset_config());
    run.dir.write("prompts.jsonl", prompt_lines(2) + "{\"id\": \"x\"}\n");
    auto result = run.build();
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("prompts.jsonl:3") != std::string::npos);
    CHECK_FALSE(std::ifstream(run.file("dpo.jsonl")).good());
  }
  SECTION("no judging section") {
    auto text = dataset_config();
    text.erase(text.find("judging:"), text.find("run:") - text.find("judging:"));
    Run run(text);
    auto result = run.build();
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("judging: missing (pogen build-dataset needs it)") != std::string::npos);
  }
  SECTION("every judge call fails") {
    auto text = dataset_config();
    text.replace(text.find("{name: judge, base_url: fake, model: gpt-4o, fake: {}}"),
                 std::string("{name: judge, base_url: fake, model: gpt-4o, fake: {}}").size(),
                 "{name: judge, base_url: fake, model: gpt-4o, retry: {max_retries: 0}, fake: "
                 "{rate_500: 1}}");
    Run run(text);
    auto result = run.build();
    CHECK(result.exit_code == 3);
    auto rejects = read_jsonl(run.file("rejects.jsonl"));
    REQUIRE(rejects.size() == 3);
    CHECK(rejects[0]["stage"] == "judge");
    CHECK(rejects[0]["outcome"] == "failed");
    CHECK(read_file(run.file("dpo.jsonl")).empty());
    CHECK(read_json(run.file("manifest.json"))["exit_status"]["code"] == 3);
  }
}

TEST_CASE("build-dataset: max_requests stops cleanly; the next run goes on from the cache",
          "[cli][build-dataset]") {
  // 11 requests an item (5 to generate, 6 to judge) and 6 for the endpoint probe: 3 items fit.
  Run capped(dataset_config("{}", "  max_requests: 40\n"), 6);
  auto result = capped.build();
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto manifest = read_json(capped.file("manifest.json"));
  CHECK(manifest["stopped_by"] == "max_requests");
  const auto done = manifest["items"]["total"].get<int>();
  CHECK(done < 6);
  CHECK(read_jsonl(capped.file("records.jsonl")).size() == static_cast<std::size_t>(done));
  CHECK(result.err.find("stopped at max_requests") != std::string::npos);

  capped.dir.write("config.yaml", dataset_config());
  auto rest = capped.build();
  REQUIRE(rest.exit_code == 0);
  manifest = read_json(capped.file("manifest.json"));
  CHECK(manifest["items"]["total"] == 6);
  CHECK(manifest["cache"]["hits"].get<int>() >= 33);
}

TEST_CASE("build-dataset: an output that cannot be replaced leaves the previous set whole",
          "[cli][build-dataset]") {
  Run run(dataset_config(), 2);
  REQUIRE(run.build().exit_code == 0);
  const auto dpo = read_file(run.file("dpo.jsonl"));
  const auto kto = read_file(run.file("kto.jsonl"));
  // records.jsonl becomes a directory: it is committed after dpo.jsonl and kto.jsonl, which
  // were replaced one file at a time before, and left as the new run's.
  std::filesystem::remove(run.file("records.jsonl"));
  std::filesystem::create_directories(run.file("records.jsonl") + "/in-the-way");
  run.dir.write("prompts.jsonl", prompt_lines(3));  // so that the new set differs from the old
  auto failed = run.build();
  CHECK(failed.exit_code == 1);
  CHECK(failed.err.find("records.jsonl") != std::string::npos);
  CHECK(read_file(run.file("dpo.jsonl")) == dpo);
  CHECK(read_file(run.file("kto.jsonl")) == kto);
  for (const auto& entry : std::filesystem::directory_iterator(run.out)) {
    const std::string name = entry.path().filename().string();
    CHECK(name.find(".tmp") == std::string::npos);
    CHECK(name.find(".prev") == std::string::npos);
  }
}
