// pogen judge, end to end on the built-in fake endpoint: candidates.jsonl in, judgments.jsonl
// and judge-summary.json out.

#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"
#include "support/scripted_server.hpp"

using nlohmann::json;
using pogen::cli::testing::read_json;
using pogen::cli::testing::read_jsonl;
using pogen::cli::testing::run_pogen;
using pogen::cli::testing::TempDir;

namespace {

std::string config_text(const std::string& judge_model, const std::string& extra = "") {
  return "endpoints:\n  - {name: judge, base_url: fake, model: " + judge_model + "}\n" +
         "judging:\n  judges: [{endpoint: judge, temperature: 0}]\n" + extra;
}

json candidate(const std::string& text, const std::string& model, bool truncated = false) {
  return {{"text", text},          {"model", model},
          {"endpoint", "gen"},     {"iteration", 0},
          {"sample", 0},           {"finish_reason", truncated ? "length" : "stop"},
          {"truncated", truncated}};
}

std::string item_line(const std::string& id, std::vector<json> candidates) {
  json item = {{"id", id},
               {"conversation", json::array({{{"role", "user"}, {"content", "Question " + id}}})},
               {"candidates", candidates}};
  return item.dump() + "\n";
}

}  // namespace

TEST_CASE("judge writes one record per item in input order, both orders judged", "[cli][judge]") {
  TempDir dir;
  auto config = dir.write("config.yaml", config_text("gpt-4o"));
  std::string lines;
  for (int i = 0; i < 5; ++i) {
    lines += item_line(
        "q" + std::to_string(i),
        {candidate("Short answer " + std::to_string(i), "qwen2.5-7b"),
         candidate("A much longer and more careful answer, with an example: " + std::to_string(i),
                   "qwen2.5-7b")});
  }
  auto input = dir.write("candidates.jsonl", lines);
  auto run_dir = input + "-run";
  auto result = run_pogen({"judge", "--config", config, "--input", input, "--out", run_dir});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);

  auto rows = read_jsonl(run_dir + "/judge/judgments.jsonl");
  REQUIRE(rows.size() == 5);
  for (int i = 0; i < 5; ++i) {
    CHECK(rows[i]["id"] == "q" + std::to_string(i));
    CHECK(rows[i]["status"] == "ok");
    REQUIRE(rows[i]["candidates"].size() == 2);
    const auto& pair = rows[i]["ranking"]["pairs"][0];
    REQUIRE(pair["judgments"].size() == 2);
    CHECK(pair["judgments"][0]["order"] == "AB");
    CHECK(pair["judgments"][1]["order"] == "BA");
    CHECK(pair["judgments"][0]["raw"].is_string());
  }
  auto summary = read_json(run_dir + "/judge/judge-summary.json");
  CHECK(summary["items"]["ok"] == 5);
  CHECK(summary["judgments"]["ok"] == 10);
  CHECK(summary["pairs_both_orders"] == 5);
  CHECK(summary["self_judged"] == 0);
  CHECK(result.err.find("position flips:   0 of 5 pairs judged in both orders (0.0%)") !=
        std::string::npos);
}

TEST_CASE("judge leaves out truncated and empty candidates and skips items left with one",
          "[cli][judge]") {
  TempDir dir;
  auto config = dir.write("config.yaml", config_text("gpt-4o"));
  auto input = dir.write(
      "candidates.jsonl",
      item_line("three", {candidate("First answer.", "m"), candidate("cut off mid", "m", true),
                          candidate("Third, complete answer.", "m")}) +
          item_line("one-left", {candidate("Only one.", "m"), candidate("   ", "m")}) +
          item_line("none", {}));
  auto run_dir = input + "-run";
  auto result = run_pogen({"judge", "--config", config, "--input", input, "--out", run_dir});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto rows = read_jsonl(run_dir + "/judge/judgments.jsonl");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["candidates"].size() == 2);
  CHECK(rows[0]["candidates"][1]["source_index"] == 2);
  CHECK(rows[0]["skipped"] ==
        json::array({{{"id", "c1"}, {"source_index", 1}, {"reason", "truncated"}}}));
  CHECK(rows[1]["status"] == "skipped");
  CHECK(rows[1]["skipped"][0]["reason"] == "empty");
  CHECK(rows[1]["reason"] ==
        "1 of 2 candidates can be judged (truncated or empty answers are not)");
  CHECK_FALSE(rows[1].contains("ranking"));
  CHECK(rows[2]["reason"] == "generation produced no candidate");
}

TEST_CASE("judge: the self-judging guard warns once per judge, or refuses to start",
          "[cli][judge]") {
  TempDir dir;
  auto input = dir.write("candidates.jsonl",
                         item_line("a", {candidate("One.", "meta-llama/Llama-3.1-8B-Instruct"),
                                         candidate("Two, longer.", "google/gemma-2-9b-it")}) +
                             item_line("b", {candidate("Three.", "google/gemma-2-9b-it"),
                                             candidate("Four, longer.", "google/gemma-2-9b-it")}));
  SECTION("warn") {
    auto config = dir.write("config.yaml", config_text("Llama-3.1-70B-Instruct"));
    auto result = run_pogen({"judge", "--config", config, "--input", input, "--out", input + "-w"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    std::size_t warnings = 0;
    for (auto at = result.err.find("self-judging:"); at != std::string::npos;
         at = result.err.find("self-judging:", at + 1)) {
      ++warnings;
    }
    CHECK(warnings == 1);
    CHECK(result.err.find("judge model \"Llama-3.1-70B-Instruct\" shares family \"llama\" with "
                          "generator model \"meta-llama/Llama-3.1-8B-Instruct\"") !=
          std::string::npos);
    // Item a: both orders of its one pair include the llama answer; item b has none.
    CHECK(read_json(input + "-w/judge/judge-summary.json")["self_judged"] == 2);
  }
  SECTION("error") {
    auto config = dir.write("config.yaml", config_text("gemma-2-27b-it", "  self_judge: error\n"));
    auto result = run_pogen({"judge", "--config", config, "--input", input, "--out", input + "-e"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("judging.self_judge: judge model \"gemma-2-27b-it\" shares family "
                          "\"gemma\" with generator model \"google/gemma-2-9b-it\" "
                          "(self_judge: error)") != std::string::npos);
    CHECK_FALSE(std::ifstream(input + "-e/judge/judgments.jsonl").good());
  }
}

TEST_CASE("judge: bad input is reported by file, line and field before any request",
          "[cli][judge]") {
  TempDir dir;
  auto config = dir.write("config.yaml", config_text("gpt-4o"));
  auto input =
      dir.write("candidates.jsonl",
                item_line("a", {candidate("x", "m"), candidate("y", "m")}) +
                    R"({"id": "b", "conversation": [], "candidates": [{"text": 3}]})" + "\n");
  auto result = run_pogen({"judge", "--config", config, "--input", input, "--out", input + "-r"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(input + ":2: candidates[0].text: expected a string, got number") !=
        std::string::npos);

  auto twice = dir.write("twice.jsonl", item_line("a", {}) + item_line("a", {}));
  result = run_pogen({"judge", "--config", config, "--input", twice, "--out", twice + "-r"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(twice + ":2: id: \"a\" was already used on line 1") != std::string::npos);

  auto no_judging =
      dir.write("nojudge.yaml", "endpoints:\n  - {name: j, base_url: fake, model: m}\n");
  result = run_pogen({"judge", "--config", no_judging, "--input", input});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("judging: missing (pogen judge needs it)") != std::string::npos);
}

TEST_CASE("judge: an unreadable reply gets one follow-up, kept next to the first reply",
          "[cli][judge]") {
  TempDir dir;
  auto config = dir.write(
      "config.yaml",
      "endpoints:\n  - {name: judge, base_url: fake, model: gpt-4o, fake: {judge_malformed_rate: "
      "1}}\njudging:\n  judges: [{endpoint: judge}]\n");
  auto input =
      dir.write("candidates.jsonl", item_line("a", {candidate("x", "m"), candidate("y y", "m")}));
  auto result = run_pogen({"judge", "--config", config, "--input", input, "--out", input + "-r"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto rows = read_jsonl(input + "-r/judge/judgments.jsonl");
  REQUIRE(rows.size() == 1);
  for (const auto& judgment : rows[0]["ranking"]["pairs"][0]["judgments"]) {
    CHECK(judgment["status"] == "ok");
    CHECK(judgment["raw"].get<std::string>().find("### Score Assistant") == std::string::npos);
    CHECK(judgment["reask_raw"].is_string());
    CHECK(judgment["score_a"].is_number());
  }
}

TEST_CASE("judge: a judge that always fails fails the items: no score, exit 3", "[cli][judge]") {
  TempDir dir;
  auto config = dir.write("config.yaml",
                          "endpoints:\n  - {name: judge, base_url: fake, model: gpt-4o, "
                          "retry: {max_retries: 0}, fake: {rate_500: 1}}\n"
                          "judging:\n  judges: [{endpoint: judge}]\n");
  auto input =
      dir.write("candidates.jsonl", item_line("a", {candidate("x", "m"), candidate("y y", "m")}));
  auto result = run_pogen({"judge", "--config", config, "--input", input, "--out", input + "-r"});
  INFO(result.err);
  CHECK(result.exit_code == 3);
  auto rows = read_jsonl(input + "-r/judge/judgments.jsonl");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["status"] == "failed");
  CHECK(rows[0]["ranking"]["pairs"][0]["verdict"] == "failed");
  for (const auto& judgment : rows[0]["ranking"]["pairs"][0]["judgments"]) {
    CHECK(judgment["status"] == "transport_error");
    CHECK_FALSE(judgment.contains("score_a"));
    CHECK_FALSE(judgment.contains("score_b"));
  }
  CHECK(result.err.find("100.0% of items failed judging, above --max-failure-rate 5.0%") !=
        std::string::npos);
}

TEST_CASE("judge: a failed call reads `<kind> (HTTP <status>): <the server's message>`",
          "[cli][judge]") {
  struct Case {
    pogen::testing::ScriptedResponse answer;
    std::string problem;
  };
  const auto answer = [](std::string body, std::string type) {
    pogen::testing::ScriptedResponse r;
    r.status = 500;
    r.body = std::move(body);
    r.content_type = std::move(type);
    return r;
  };
  const std::vector<Case> cases = {
      {answer(R"({"error":{"message":"upstream exploded"}})", "application/json"),
       "server_error (HTTP 500): upstream exploded"},
      {answer("upstream\n exploded\x01", "text/plain"),
       "server_error (HTTP 500): upstream exploded\\x01"},
      {answer("", "text/plain"), "server_error (HTTP 500): (empty body)"}};
  for (const auto& c : cases) {
    INFO(c.answer.body);
    pogen::testing::ScriptedServer server;
    server.set_fallback(c.answer);
    TempDir dir;
    auto config =
        dir.write("config.yaml", "endpoints:\n  - {name: judge, base_url: " + server.base_url() +
                                     ", model: m, retry: {max_retries: 0}}\n"
                                     "judging:\n  swap: none\n  judges: [{endpoint: judge}]\n");
    auto input =
        dir.write("candidates.jsonl", item_line("a", {candidate("x", "m"), candidate("y y", "m")}));
    auto result = run_pogen({"judge", "--config", config, "--input", input, "--out", input + "-r"});
    INFO(result.err);
    CHECK(result.exit_code == 3);
    auto rows = read_jsonl(input + "-r/judge/judgments.jsonl");
    REQUIRE(rows.size() == 1);
    const auto& judgment = rows[0]["ranking"]["pairs"][0]["judgments"][0];
    CHECK(judgment["problem"] == c.problem);
  }
}
