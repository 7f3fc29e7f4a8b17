// pogen generate, end to end on the built-in fake endpoint.

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

using pogen::cli::testing::read_jsonl;
using pogen::cli::testing::run_pogen;
using pogen::cli::testing::TempDir;

namespace {

const char* kLoopConfig = R"(endpoints:
  - {name: gen, base_url: fake, model: meta-llama/Llama-3.1-8B-Instruct}
  - {name: rev, base_url: fake, model: google/gemma-2-9b-it}
prompts:
  path: prompts.jsonl
generation:
  strategy: feedback-loop
  generator: {endpoint: gen, seed: 3}
  reviewers: [{endpoint: rev}]
  iterations: 3
run:
  max_items_in_flight: 2
)";

}  // namespace

TEST_CASE("generate --fake runs the feedback loop and writes candidates in input order",
          "[cli][generate]") {
  TempDir dir;
  auto config = dir.write("config.yaml", kLoopConfig);
  std::string prompts;
  for (int i = 0; i < 7; ++i) {
    prompts += R"({"id": "q)" + std::to_string(i) + R"(", "prompt": "Question number )" +
               std::to_string(i) + R"(?"})" + "\n";
  }
  dir.write("prompts.jsonl", prompts);
  auto out = dir.write("unused", "");
  auto run_dir = out + "-run";
  auto result = run_pogen({"generate", "--config", config, "--out", run_dir});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);

  auto rows = read_jsonl(run_dir + "/generate/candidates.jsonl");
  REQUIRE(rows.size() == 7);
  for (int i = 0; i < 7; ++i) {
    CHECK(rows[i]["id"] == "q" + std::to_string(i));
    CHECK(rows[i]["status"] == "ok");
    REQUIRE(rows[i]["candidates"].size() == 3);
    for (int it = 0; it < 3; ++it) CHECK(rows[i]["candidates"][it]["iteration"] == it + 1);
    // The fake reviewer's score is parsed; the fake reviser extends the previous answer.
    CHECK(rows[i]["candidates"][0]["reviews"][0].contains("score"));
    std::string first = rows[i]["candidates"][0]["text"];
    std::string second = rows[i]["candidates"][1]["text"];
    CHECK(second.rfind(first, 0) == 0);
  }
  CHECK(read_jsonl(run_dir + "/rejects.jsonl").empty());

  // Deterministic: a second run writes the same bytes except latencies.
  auto again = run_pogen({"generate", "--config", config, "--out", run_dir + "2"});
  REQUIRE(again.exit_code == 0);
  auto rows2 = read_jsonl(run_dir + "2/generate/candidates.jsonl");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t c = 0; c < 3; ++c) {
      CHECK(rows[i]["candidates"][c]["text"] == rows2[i]["candidates"][c]["text"]);
    }
  }
}

TEST_CASE("generate reports bad prompt lines as file:line and exits 2 before any request",
          "[cli][generate]") {
  TempDir dir;
  auto config = dir.write("config.yaml", kLoopConfig);
  dir.write("prompts.jsonl",
            "{\"id\": \"a\", \"prompt\": \"fine\"}\n{\"id\": \"b\", \"prompt\": 3}\n");
  auto result = run_pogen({"generate", "--config", config, "--out", dir.write("x", "") + "-run"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("prompts.jsonl:2: ") != std::string::npos);
}

TEST_CASE("generate without a generation section says what is missing", "[cli][generate]") {
  TempDir dir;
  auto config = dir.write("config.yaml", "endpoints:\n  - {name: gen, base_url: fake, model: m}\n");
  auto result = run_pogen({"generate", "--config", config, "--prompts", "-"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == config + ": generation: missing (pogen generate needs it)\n");
}
