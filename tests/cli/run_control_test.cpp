// Run control of the pipeline commands (issue 12): caps that bound what is sent however many
// items are in flight, and endpoints that cannot work reported within seconds with exit 1.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include <catch2/catch.hpp>

#include "dataset_test_support.hpp"
#include "support/scripted_server.hpp"

using nlohmann::json;
using namespace pogen::cli::testing;
using pogen::testing::ScriptedResponse;
using pogen::testing::ScriptedServer;

namespace {

// Items in flight as many as the prompts: before caps were reserved per item, every one of them
// started at once and ran to its end past the cap.
std::string wide_config(const std::string& fake = "{}", const std::string& run_keys = "",
                        const std::string& extra = "") {
  std::string config = dataset_config(fake, run_keys, extra);
  const std::string narrow = "max_items_in_flight: 4";
  config.replace(config.find(narrow), narrow.size(), "max_items_in_flight: 64");
  return config;
}

struct Run {
  TempDir dir;
  std::string config;
  std::string out;

  Run(const std::string& config_text, int prompts) {
    config = dir.write("config.yaml", config_text);
    dir.write("prompts.jsonl", prompt_lines(prompts));
    out = dir.write("unused", "") + "-run";
  }
  ProcessResult build(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"build-dataset", "--config", config, "--out", out, "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_pogen(args);
  }
  std::string file(const std::string& name) const { return out + "/" + name; }
};

// Every request the run sent: to the endpoints (retries included) and by the probe.
std::int64_t all_requests(const json& manifest) {
  std::int64_t sent = manifest["probe"]["requests"].get<std::int64_t>();
  for (const auto& e : manifest["endpoints"]) sent += e["requests_sent"].get<std::int64_t>();
  return sent;
}

// One endpoint, `gen`, at `base_url`, generating for a judge on the fake endpoint.
std::string one_real_endpoint(const std::string& base_url, const std::string& run_keys = "") {
  return "endpoints:\n"
         "  - {name: gen, base_url: \"" +
         base_url +
         "\", model: m, retry: {max_retries: 8}}\n"
         "  - {name: judge, base_url: fake, model: gpt-4o}\n"
         "prompts:\n  path: prompts.jsonl\n"
         "generation:\n  strategy: multi\n  models: [{endpoint: gen, samples: 2}]\n"
         "judging:\n  judges: [{endpoint: judge}]\n"
         "run:\n  max_items_in_flight: 64\n" +
         run_keys;
}

ScriptedResponse model_list(const std::string& id) {
  ScriptedResponse r;
  r.body = R"({"object": "list", "data": [{"id": ")" + id + R"(", "object": "model"}]})";
  return r;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("run.max_requests is a bound with 64 items in flight", "[cli][run-control]") {
  // 11 requests an item, 6 for the probe: 30 prompts would send 336.
  Run run(wide_config("{}", "  max_requests: 50\n"), 30);
  auto result = run.build();
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto manifest = read_json(run.file("manifest.json"));
  CHECK(all_requests(manifest) <= 50);
  CHECK(manifest["stopped_by"] == "max_requests");
  CHECK(manifest["stop_reason"].get<std::string>().find("run.max_requests 50") !=
        std::string::npos);
  const auto done = manifest["items"]["total"].get<std::size_t>();
  CHECK(done == 4);  // (50 - 6) / 11
  CHECK(read_jsonl(run.file("records.jsonl")).size() == done);
  CHECK(result.err.find("stopped at max_requests after 4 of 30 items") != std::string::npos);

  SECTION("the same command with a higher cap goes on from the cache") {
    run.dir.write("config.yaml", wide_config("{}", "  max_requests: 400\n"));
    auto rest = run.build();
    REQUIRE(rest.exit_code == 0);
    auto after = read_json(run.file("manifest.json"));
    CHECK(after["stopped_by"].is_null());
    CHECK(after["items"]["total"] == 30);
    CHECK(after["cache"]["hits"].get<int>() == 44);
  }
}

TEST_CASE("run.max_requests holds when retries need more than the plan", "[cli][run-control]") {
  // A third of the answers are 500s: every item needs more requests than its plan reserved, so
  // the cap is reached by requests of items under way, which are then left out.
  Run run(wide_config("{rate_500: 0.3, seed: 7}", "  max_requests: 60\n"), 30);
  auto result = run.build();
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto manifest = read_json(run.file("manifest.json"));
  CHECK(all_requests(manifest) <= 60);
  CHECK(manifest["stopped_by"] == "max_requests");
  CHECK(read_jsonl(run.file("records.jsonl")).size() ==
        manifest["items"]["total"].get<std::size_t>());
}

TEST_CASE("run.max_cost is a bound with 64 items in flight", "[cli][run-control]") {
  const std::string prices =
      "prices:\n"
      "  gen: {input_per_million: 100, output_per_million: 1000}\n"
      "  rev: {input_per_million: 100, output_per_million: 1000}\n"
      "  judge: {input_per_million: 100, output_per_million: 1000}\n";
  Run run(wide_config("{}", "  max_cost: 10\n", prices), 30);  // 27.9 uncapped
  auto result = run.build();
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto manifest = read_json(run.file("manifest.json"));
  CHECK(manifest["stopped_by"] == "max_cost");
  REQUIRE(manifest["cost"].is_number());
  CHECK(manifest["cost"].get<double>() <= 10);
  CHECK(manifest["items"]["total"].get<int>() > 0);
  CHECK(manifest["items"]["total"].get<int>() < 30);
}

TEST_CASE("--dry-run compares its estimate with the caps", "[cli][run-control]") {
  Run run(wide_config("{}", "  max_requests: 50\n"), 30);
  auto result = run.build({"--dry-run"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("run.max_requests 50: the run would stop early: the plan needs 330 "
                        "requests; about 4 of 30 items fit") != std::string::npos);
  Run roomy(wide_config("{}", "  max_requests: 5000\n"), 30);
  auto fits = roomy.build({"--dry-run"});
  CHECK(fits.out.find("run.max_requests 5000: the plan fits (330 requests") != std::string::npos);
}

TEST_CASE("a closed port is reported by the probe within seconds, exit 1", "[cli][run-control]") {
  Run run(one_real_endpoint(pogen::testing::refused_base_url()), 300);
  const auto start = std::chrono::steady_clock::now();
  auto result = run.build();
  INFO(result.err);
  CHECK(result.exit_code == 1);
  CHECK(seconds_since(start) < 10);  // 142 s before the probe, for the retries of every item
  CHECK(result.err.find("gen: connection") != std::string::npos);
  CHECK(result.err.find("--no-probe") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(run.file("dpo.jsonl")));
}

TEST_CASE("bad credentials and unknown models stop the run with exit 1", "[cli][run-control]") {
  SECTION("401 at the probe") {
    ScriptedServer server;
    server.set_fallback(
        pogen::testing::openai_error(401, "invalid_request_error", "Incorrect API key provided"));
    Run run(one_real_endpoint(server.base_url()), 300);
    auto result = run.build();
    INFO(result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("gen: auth (HTTP 401)") != std::string::npos);
    CHECK(server.request_count() == 1);  // GET /models, and nothing after it
  }
  SECTION("401 during the run (--no-probe): fatal at once, not 600 failing requests") {
    ScriptedServer server;
    server.set_fallback(
        pogen::testing::openai_error(401, "invalid_request_error", "Incorrect API key provided"));
    Run run(one_real_endpoint(server.base_url()), 300);
    auto result = run.build({"--no-probe"});
    INFO(result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("endpoint \"gen\" (model \"m\"): auth (HTTP 401)") != std::string::npos);
    // The requests in flight when the first answer came, at most: the default in-flight cap.
    CHECK(server.request_count() <= 32);
    auto manifest = read_json(run.file("manifest.json"));
    CHECK(manifest["stopped_by"] == "endpoint_failed");
    CHECK(manifest["exit_status"]["code"] == 1);
  }
  SECTION("a model the server does not list") {
    ScriptedServer server({model_list("qwen2.5-7b-instruct-q4_k_m.gguf")});
    server.set_fallback(pogen::testing::chat_ok("served anyway"));
    Run run(one_real_endpoint(server.base_url()), 3);
    auto result = run.build();
    INFO(result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("gen: model \"m\" is not listed (the server lists "
                          "qwen2.5-7b-instruct-q4_k_m.gguf)") != std::string::npos);
    CHECK(server.request_count() == 1);
  }
  SECTION("something that is not an OpenAI server") {
    ScriptedServer server;
    server.set_fallback(pogen::testing::html_error(200));
    Run run(one_real_endpoint(server.base_url()), 3);
    auto result = run.build();
    INFO(result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("gen: malformed_response") != std::string::npos);
  }
}

TEST_CASE("a listener that never answers fails the probe at run.probe_timeout",
          "[cli][run-control]") {
  // Accepts connections (the kernel's backlog does) and never reads or answers.
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(listener >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(listener, 64) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/v1";

  Run run(one_real_endpoint(url, "  probe_timeout: 1\n"), 3);
  const auto start = std::chrono::steady_clock::now();
  auto result = run.build();
  ::close(listener);
  INFO(result.err);
  CHECK(result.exit_code == 1);
  CHECK(seconds_since(start) < 8);
  CHECK(result.err.find("gen: timeout") != std::string::npos);
}

TEST_CASE("an endpoint unreachable past run.unreachable_timeout stops the run, exit 1",
          "[cli][run-control]") {
  // Without the probe, as when the server dies in the middle of a run.
  Run run(one_real_endpoint(pogen::testing::refused_base_url(), "  unreachable_timeout: 2\n"), 300);
  const auto start = std::chrono::steady_clock::now();
  auto result = run.build({"--no-probe"});
  INFO(result.err);
  CHECK(result.exit_code == 1);
  CHECK(seconds_since(start) < 30);
  CHECK(result.err.find("endpoint \"gen\": unreachable for 2 s (run.unreachable_timeout)") !=
        std::string::npos);
  auto manifest = read_json(run.file("manifest.json"));
  CHECK(manifest["stopped_by"] == "endpoint_failed");
}

TEST_CASE("--fake drops the endpoints' rate limits and marks the run as fake everywhere",
          "[cli][run-control][fake]") {
  // A real config: its endpoints elsewhere, at 6 requests a minute. 33 requests at that rate
  // took minutes with --fake before; the fake endpoint has no such limit to respect.
  std::string config = dataset_config();
  for (const char* name : {"gen", "rev", "judge"}) {
    const std::string fake = "{name: " + std::string(name) + ", base_url: fake,";
    config.replace(config.find(fake), fake.size(),
                   "{name: " + std::string(name) +
                       ", base_url: \"http://127.0.0.1:1/v1\", limits: {requests_per_minute: 6},");
  }
  for (std::size_t at; (at = config.find(", fake: {}")) != std::string::npos;) {
    config.erase(at, std::string(", fake: {}").size());
  }
  Run run(config, 3);
  ProcessOptions options;
  options.timeout = std::chrono::seconds(60);
  auto result =
      run_pogen({"build-dataset", "--config", run.config, "--out", run.out, "--fake"}, options);
  INFO(result.err);
  REQUIRE_FALSE(result.timed_out);
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.rfind("build-dataset -> " + run.out +
                             " (FAKE endpoints gen, rev, judge: a test of the pipeline, not a "
                             "dataset)\n",
                         0) == 0);
  auto manifest = read_json(run.file("manifest.json"));
  CHECK(manifest["fake"] == true);
  CHECK(manifest["fake_endpoints"] == json::array({"gen", "rev", "judge"}));
  for (const auto& record : read_jsonl(run.file("records.jsonl"))) CHECK(record["fake"] == true);

  SECTION("--fake-rate-limits keeps them") {
    ProcessOptions short_wait;
    short_wait.timeout = std::chrono::seconds(3);
    auto limited = run_pogen({"build-dataset", "--config", run.config, "--out", run.out + "-2",
                              "--fake", "--fake-rate-limits", "--quiet"},
                             short_wait);
    CHECK(limited.timed_out);
  }
}

TEST_CASE("the summary and the manifest tell truncated answers, re-asks, retries and skips",
          "[cli][run-control][summary]") {
  const std::string config =
      "endpoints:\n"
      "  - {name: gen, base_url: fake, model: m, fake: {rate_429: 0.3, seed: 3},\n"
      "     retry: {base: 0.01, cap: 0.05}}\n"
      "  - {name: judge, base_url: fake, model: gpt-4o, fake: {judge_malformed_rate: 0.5, "
      "seed: 2}}\n"
      "prompts:\n  path: prompts.jsonl\n"
      "generation:\n  strategy: multi\n"
      "  models: [{endpoint: gen, samples: 3, max_tokens: 60}]\n"
      "judging:\n  judges: [{endpoint: judge}]\n"
      "output:\n  format: standard\n";
  Run run(config, 8);
  run.dir.write("prompts.jsonl", prompt_lines(8) + "{\"id\": \"no prompt\"}\n");
  auto result = run_pogen({"build-dataset", "--config", run.config, "--out", run.out,
                           "--skip-invalid", "--max-failure-rate", "1"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto manifest = read_json(run.file("manifest.json"));

  const auto truncated = manifest["answers"]["truncated"].get<int>();
  CHECK(manifest["answers"]["total"] == 24);
  CHECK(truncated > 0);
  CHECK(result.err.find("24 answers, " + std::to_string(truncated) +
                        " truncated at max_tokens (gen " + std::to_string(truncated) + ")") !=
        std::string::npos);

  const auto reasks = manifest["judging"]["format_reasks"].get<int>();
  CHECK(reasks > 0);
  CHECK(result.err.find("format re-asks " + std::to_string(reasks) + " of ") != std::string::npos);

  const auto& gen = manifest["endpoints"][0];
  REQUIRE(gen["name"] == "gen");
  const auto retried = gen["retries_by_kind"]["rate_limited"].get<int>();
  CHECK(retried == gen["retries"].get<int>());
  CHECK(retried > 0);
  CHECK(gen["rate_limited_seconds"].get<double>() > 0);
  CHECK(manifest["failed_requests_by_kind"]["rate_limited"] == retried);
  CHECK(result.err.find("retries (rate_limited " + std::to_string(retried) + ")") !=
        std::string::npos);

  CHECK(result.err.find("1 invalid prompt records skipped (rejects.jsonl)") != std::string::npos);

  // Every KTO count is the file's.
  std::size_t desirable = 0, undesirable = 0;
  for (const auto& row : read_jsonl(run.file("kto.jsonl"))) {
    ++(row["label"].get<bool>() ? desirable : undesirable);
  }
  CHECK(manifest["rows"]["kto_balance"]["desirable"] == desirable);
  CHECK(manifest["rows"]["kto_balance"]["undesirable"] == undesirable);
  CHECK(manifest["rows"]["kto"] == desirable + undesirable);
}

TEST_CASE("with output.format standard the KTO balance is counted from the rows written",
          "[cli][run-control][summary]") {
  // The quick start's prompts: some have a system turn or several turns, which the standard form
  // cannot hold, so their rows are not written; the balance said 51/51 for a file of 45/45.
  TempDir dir;
  auto config = dir.write("config.yaml",
                          "endpoints:\n"
                          "  - {name: gen, base_url: fake, model: m}\n"
                          "  - {name: judge, base_url: fake, model: gpt-4o}\n"
                          "prompts:\n  path: " +
                              source_path("data/quickstart-prompts.jsonl") +
                              "\n"
                              "generation:\n  strategy: multi\n"
                              "  models: [{endpoint: gen, samples: 3}]\n"
                              "judging:\n  judges: [{endpoint: judge}]\n"
                              "output:\n  format: standard\n");
  const std::string out = dir.write("unused", "") + "-run";
  auto result =
      run_pogen({"build-dataset", "--config", config, "--out", out, "--max-failure-rate", "1"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  std::size_t desirable = 0, undesirable = 0;
  for (const auto& row : read_jsonl(out + "/kto.jsonl")) {
    ++(row["label"].get<bool>() ? desirable : undesirable);
  }
  auto balance = read_json(out + "/manifest.json")["rows"]["kto_balance"];
  CHECK(balance["desirable"] == desirable);
  CHECK(balance["undesirable"] == undesirable);
  CHECK(result.err.find("(desirable " + std::to_string(desirable) + ", undesirable " +
                        std::to_string(undesirable) + ",") != std::string::npos);
}
