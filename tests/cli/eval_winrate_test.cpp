// pogen eval-judge and pogen winrate against a scripted judge: one judge call per pair
// (swap: none, one request at a time), so the script decides every verdict and the kappa and
// win rates can be computed by hand.

#include <catch2/catch.hpp>

#include <cmath>

#include "dataset_test_support.hpp"
#include "support/scripted_server.hpp"

using nlohmann::json;
using namespace pogen::cli::testing;
using pogen::testing::chat_ok;
using pogen::testing::refused_base_url;
using pogen::testing::ScriptedResponse;
using pogen::testing::ScriptedServer;

namespace {

std::string scores(int a, int b) {
  return "### Score Assistant A:\n" + std::to_string(a) + "/10\n### Score Assistant B:\n" +
         std::to_string(b) + "/10";
}

std::string judge_config(const ScriptedServer& server, const std::string& model = "judge-model") {
  return "endpoints:\n  - {name: judge, base_url: " + server.base_url() + ", model: " + model +
         ", limits: {max_in_flight: 1}}\n"
         "judging:\n  swap: none\n  judges: [{endpoint: judge}]\n"
         "run:\n  max_items_in_flight: 1\n";
}

json candidate(const std::string& text, const std::string& model) {
  return {{"text", text}, {"model", model},          {"endpoint", "e"},   {"iteration", 0},
          {"sample", 0},  {"finish_reason", "stop"}, {"truncated", false}};
}

std::string candidates_file(const std::vector<std::string>& ids, const std::string& setup) {
  std::string out;
  for (const auto& id : ids) {
    json item = {{"id", id},
                 {"conversation", json::array({{{"role", "user"}, {"content", "Q " + id}}})},
                 {"candidates", json::array({candidate(setup + " draft " + id, setup),
                                             candidate(setup + " final " + id, setup)})}};
    out += item.dump() + "\n";
  }
  return out;
}

// A judge on base_url that is never retried.
std::string failing_judge_config(const std::string& base_url) {
  return "endpoints:\n  - {name: judge, base_url: " + base_url +
         ", model: m, retry: {max_retries: 0}}\n"
         "judging:\n  swap: none\n  judges: [{endpoint: judge}]\n";
}

std::string one_labelled_pair() {
  return json{{"prompt", "Q"}, {"response_a", "x"}, {"response_b", "y y"}, {"human", "A"}}.dump() +
         "\n";
}

ScriptedResponse server_error_500() {
  ScriptedResponse r;
  r.status = 500;
  r.body = R"({"error":{"message":"upstream exploded"}})";
  return r;
}

}  // namespace

TEST_CASE("eval-judge: kappa of a scripted judge against the labels, computed by hand",
          "[cli][eval-judge]") {
  // The judge says A, B, A, B; the humans 1, 2, 0, 1, which --label-map reads as A, B, tie, A.
  ScriptedServer server(
      {chat_ok(scores(8, 3)), chat_ok(scores(2, 9)), chat_ok(scores(7, 4)), chat_ok(scores(1, 6))});
  TempDir dir;
  auto config = dir.write("config.yaml", judge_config(server, "Llama-3.1-70B-Instruct"));
  std::string labels;
  const int human[] = {1, 2, 0, 1};
  // Answer A of pairs 0, 1 and 3 is by a llama (the judge's family), pair 2 has none.
  const char* const model_a[] = {"llama-3-8b", "llama-3-8b", "qwen-7b", "llama-3-8b"};
  for (int i = 0; i < 4; ++i) {
    labels += json{{"idx", "q" + std::to_string(i)},
                   {"instruction", "Question " + std::to_string(i)},
                   {"response_a", "first answer " + std::to_string(i)},
                   {"response_b", "second answer " + std::to_string(i)},
                   {"winner", human[i]},
                   {"model_a", model_a[i]},
                   {"model_b", "qwen-7b"}}
                  .dump() +
              "\n";
  }
  auto labels_path = dir.write("labels.jsonl", labels);
  auto out = labels_path + "-run";
  auto result = run_pogen({"eval-judge", "--no-probe", "--config", config, "--labels", labels_path,
                           "--out", out, "--field", "prompt=instruction,label=winner,id=idx",
                           "--label-map", "1=A,2=B,0=tie", "--resamples", "200"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  REQUIRE(server.requests().size() == 4);
  // Reference A, B, tie, A; judge A, B, A, B. po = 2/4; reference shares A 2, B 1, tie 1; judge
  // A 2, B 2: pe = (2*2 + 1*2 + 1*0) / 16 = 0.375; kappa = (0.5 - 0.375) / 0.625 = 0.2.
  auto report = read_json(out + "/eval-judge/eval-report.json");
  INFO(report.dump(2));
  const auto& judge = report["judges"][0];
  CHECK(judge["agreement"]["kappa"].get<double>() == Approx(0.2).epsilon(1e-12));
  CHECK(judge["agreement"]["accuracy"].get<double>() == Approx(0.5));
  CHECK(judge["agreement"]["confusion"]["tie"]["A"] == 1);
  CHECK(read_jsonl(out + "/eval-judge/judgments.jsonl").size() == 4);
  // Own-answer pairs 0, 1, 3: the judge says A, B, B (1 of 3 for its own); humans A, B, A (2 of 3).
  const auto& self = report["self_preference"];
  CHECK(self["items"] == 3);
  CHECK(self["judge_own_rate"].get<double>() == Approx(1.0 / 3));
  CHECK(self["human_own_rate"].get<double>() == Approx(2.0 / 3));
}

TEST_CASE("eval-judge: a label the map does not know and a missing prompt are errors",
          "[cli][eval-judge]") {
  ScriptedServer server;
  TempDir dir;
  auto config = dir.write("config.yaml", judge_config(server));
  auto no_prompt = dir.write("a.jsonl", R"({"response_a": "x", "response_b": "y", "human": "A"})"
                                        "\n");
  auto result = run_pogen({"eval-judge", "--no-probe", "--config", config, "--labels", no_prompt});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(no_prompt + ":1: prompt: missing (rename with --field)") !=
        std::string::npos);
  CHECK(server.requests().empty());

  auto bad_field = run_pogen({"eval-judge", "--no-probe", "--config", config, "--labels", no_prompt,
                              "--field", "promt=q"});
  CHECK(bad_field.exit_code == 2);
  CHECK(bad_field.err.find("unknown field name \"promt\"") != std::string::npos);
}

TEST_CASE("winrate counts wins, ties and losses of setup A judged by a scripted judge",
          "[cli][winrate]") {
  // A wins, loses, ties, wins: 2 wins of 4 (50%), 2.5 of 4 with ties as half (62.5%).
  ScriptedServer server(
      {chat_ok(scores(9, 2)), chat_ok(scores(3, 8)), chat_ok(scores(5, 5)), chat_ok(scores(7, 6))});
  TempDir dir;
  auto config = dir.write("config.yaml", judge_config(server));
  const std::vector<std::string> ids = {"p1", "p2", "p3", "p4"};
  auto a = dir.write("a.jsonl", candidates_file(ids, "loop"));
  auto b = dir.write("b.jsonl", candidates_file({"p4", "p3", "p2", "p1"}, "single"));
  auto out = a + "-run";
  auto result =
      run_pogen({"winrate", "--no-probe", "--config", config, "--a", a, "--b", b, "--out", out});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto report = read_json(out + "/winrate/winrate.json");
  CHECK(report["wins"] == 2);
  CHECK(report["ties"] == 1);
  CHECK(report["losses"] == 1);
  CHECK(report["win_rate_ties_as_non_wins"].get<double>() == Approx(0.5));
  CHECK(report["win_rate_ties_as_half"].get<double>() == Approx(0.625));
  CHECK(report["win_rate_ties_as_half_ci"]["lower"].is_number());
  // A's final iteration is shown as Assistant A, B's as Assistant B.
  const std::string first = server.requests().at(0).body;  // a copy: requests() is one
  CHECK(first.find("loop final p1") != std::string::npos);
  CHECK(first.find("single final p1") != std::string::npos);
  CHECK(first.find("loop draft p1") == std::string::npos);
  CHECK(result.err.find("win rate   50.0%") != std::string::npos);

  auto again =
      run_pogen({"winrate", "--no-probe", "--config", config, "--a", a, "--b", b, "--out", out});
  REQUIRE(again.exit_code == 0);
  CHECK(read_json(out + "/winrate/winrate.json") ==
        report);  // from the cache: same verdicts, same CI
  CHECK(server.requests().size() == 4);
}

TEST_CASE("winrate: prompts missing from one setup are an error, not silently left out",
          "[cli][winrate]") {
  ScriptedServer server;
  TempDir dir;
  auto config = dir.write("config.yaml", judge_config(server));
  auto a = dir.write("a.jsonl", candidates_file({"p1", "p2"}, "loop"));
  auto b = dir.write("b.jsonl", candidates_file({"p1", "p3"}, "single"));
  auto result = run_pogen({"winrate", "--no-probe", "--config", config, "--a", a, "--b", b});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(a + ":2: id: \"p2\" is not in " + b) != std::string::npos);
  CHECK(result.err.find(b + ":2: id: \"p3\" is not in " + a) != std::string::npos);
  CHECK(server.requests().empty());
}

TEST_CASE("eval-judge and winrate exit 3 when the judge calls fail, like the other commands",
          "[cli][eval-judge][winrate]") {
  ScriptedServer server;
  server.set_fallback(server_error_500());
  const std::string dead_port = refused_base_url();
  for (const std::string& base_url : {dead_port, server.base_url()}) {
    INFO(base_url);
    TempDir dir;
    auto config = dir.write("config.yaml", failing_judge_config(base_url));
    auto labels = dir.write("labels.jsonl", one_labelled_pair());
    auto eval = run_pogen({"eval-judge", "--no-probe", "--config", config, "--labels", labels,
                           "--out", labels + "-run"});
    INFO(eval.err);
    CHECK(eval.exit_code == 3);
    CHECK(eval.err.find("100.0% of items failed judging, above --max-failure-rate 5.0%") !=
          std::string::npos);
    // The report is written all the same: the failures are what it shows.
    CHECK(read_json(labels + "-run/eval-judge/eval-report.json").is_object());
    auto tolerated = run_pogen({"eval-judge", "--no-probe", "--config", config, "--labels", labels,
                                "--out", labels + "-run2", "--max-failure-rate", "1"});
    CHECK(tolerated.exit_code == 0);

    auto a = dir.write("a.jsonl", candidates_file({"p1"}, "loop"));
    auto b = dir.write("b.jsonl", candidates_file({"p1"}, "single"));
    auto winrate = run_pogen(
        {"winrate", "--no-probe", "--config", config, "--a", a, "--b", b, "--out", a + "-run"});
    INFO(winrate.err);
    CHECK(winrate.exit_code == 3);
    CHECK(winrate.err.find("100.0% of items failed judging, above --max-failure-rate 5.0%") !=
          std::string::npos);
  }
  // With the endpoint probe (the default) a dead port stops both before the first item.
  TempDir dir;
  auto config = dir.write("config.yaml", failing_judge_config(dead_port));
  auto labels = dir.write("labels.jsonl", one_labelled_pair());
  auto probed = run_pogen({"eval-judge", "--config", config, "--labels", labels});
  CHECK(probed.exit_code == 1);
  CHECK(probed.err.find("judge: connection") != std::string::npos);
}

TEST_CASE("eval-judge judges a pair with an empty answer as given; --skip-empty-answers does not",
          "[cli][eval-judge]") {
  // PandaLM has 54 such pairs: the humans labelled them, so a judge is measured on them too.
  TempDir dir;
  std::string labels = one_labelled_pair();
  labels +=
      json{{"prompt", "Q2"}, {"response_a", "an answer"}, {"response_b", " \n"}, {"human", "A"}}
          .dump() +
      "\n";
  auto labels_path = dir.write("labels.jsonl", labels);
  {
    ScriptedServer server({chat_ok(scores(8, 3)), chat_ok(scores(7, 0))});
    auto config = dir.write("config.yaml", judge_config(server));
    auto result = run_pogen({"eval-judge", "--no-probe", "--config", config, "--labels",
                             labels_path, "--out", (labels_path + "-judged"), "--resamples", "0"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    REQUIRE(server.requests().size() == 2);
    CHECK(server.requests()[1].body.find("an answer") != std::string::npos);
    auto report = read_json((labels_path + "-judged") + "/eval-judge/eval-report.json");
    CHECK(report["empty_answer_pairs"] == json{{"count", 1}, {"judged", true}});
    CHECK(report["judges"][0]["failures"]["count"] == 0);
    CHECK(report["judges"][0]["agreement"]["accuracy"].get<double>() == Approx(1.0));
    const auto judgments = read_jsonl((labels_path + "-judged") + "/eval-judge/judgments.jsonl");
    CHECK(judgments.at(1)["status"] == "ok");
    CHECK(result.err.find("1 pairs have an empty answer; judged as given") != std::string::npos);
  }
  ScriptedServer server({chat_ok(scores(8, 3))});
  auto config = dir.write("config.yaml", judge_config(server));
  auto result = run_pogen({"eval-judge", "--no-probe", "--config", config, "--labels", labels_path,
                           "--out", (labels_path + "-skipped"), "--resamples", "0",
                           "--skip-empty-answers", "--max-failure-rate", "1"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(server.requests().size() == 1);
  auto report = read_json((labels_path + "-skipped") + "/eval-judge/eval-report.json");
  CHECK(report["empty_answer_pairs"] == json{{"count", 1}, {"judged", false}});
  CHECK(report["judges"][0]["failures"]["count"] == 1);
  CHECK(read_jsonl((labels_path + "-skipped") + "/eval-judge/judgments.jsonl").at(1)["status"] ==
        "skipped");
}

TEST_CASE(
    "winrate compares a setup's empty final answer as given; --skip-empty-answers picks "
    "its last non-empty one",
    "[cli][winrate]") {
  TempDir dir;
  json item_a = {
      {"id", "p1"},
      {"conversation", json::array({{{"role", "user"}, {"content", "Q p1"}}})},
      {"candidates", json::array({candidate("loop draft p1", "loop"), candidate("", "loop")})}};
  auto a = dir.write("a.jsonl", item_a.dump() + "\n");
  auto b = dir.write("b.jsonl", candidates_file({"p1"}, "single"));
  {
    ScriptedServer server({chat_ok(scores(0, 6))});
    auto config = dir.write("config.yaml", judge_config(server));
    auto result = run_pogen({"winrate", "--no-probe", "--config", config, "--a", a, "--b", b,
                             "--out", (a + "-judged")});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    REQUIRE(server.requests().size() == 1);
    const std::string body = server.requests()[0].body;
    CHECK(body.find("loop draft p1") == std::string::npos);
    CHECK(body.find("single final p1") != std::string::npos);
    auto report = read_json((a + "-judged") + "/winrate/winrate.json");
    CHECK(report["losses"] == 1);
    CHECK(report["empty_answer_pairs"] == json{{"count", 1}, {"judged", true}});
  }
  ScriptedServer server({chat_ok(scores(6, 6))});
  auto config = dir.write("config.yaml", judge_config(server));
  auto result = run_pogen({"winrate", "--no-probe", "--config", config, "--a", a, "--b", b, "--out",
                           (a + "-skipped"), "--skip-empty-answers"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  REQUIRE(server.requests().size() == 1);
  CHECK(server.requests()[0].body.find("loop draft p1") != std::string::npos);
  auto report = read_json((a + "-skipped") + "/winrate/winrate.json");
  CHECK(report["ties"] == 1);
  CHECK(report["empty_answer_pairs"] == json{{"count", 0}, {"judged", false}});
}

namespace {

// One prompt per id, with A's answer of length_a characters and B's of length_b.
std::string sized_candidates(const std::vector<std::pair<std::string, std::size_t>>& answers,
                             const std::string& setup) {
  std::string out;
  for (const auto& [id, length] : answers) {
    json item = {{"id", id},
                 {"conversation", json::array({{{"role", "user"}, {"content", "Q " + id}}})},
                 {"candidates", json::array({candidate(std::string(length, 'x'), setup)})}};
    out += item.dump() + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("winrate: the length-controlled win rate of a scripted case, computed by hand",
          "[cli][winrate][length_controlled]") {
  // p1-p4: A is 10 characters longer and wins 3, loses 1; p5-p8: A is 10 shorter and wins 1,
  // loses 2, ties 1. Plain: 4.5 / 8 = 56.25%. The length feature takes two values +-c, so the
  // logistic fit reproduces both groups' means (3/4, 3/8): b0 = (logit 3/4 + logit 3/8) / 2 =
  // ln(1.8) / 2 and LC = sigmoid(b0) = sqrt(1.8) / (1 + sqrt(1.8)) = 57.29%; c = tanh(10 / s),
  // s = 10 sqrt(8/7), b1 = (logit 3/4 - logit 3/8) / 2c = ln 5 / 2c.
  ScriptedServer server({chat_ok(scores(9, 2)), chat_ok(scores(8, 2)), chat_ok(scores(7, 2)),
                         chat_ok(scores(2, 9)), chat_ok(scores(9, 1)), chat_ok(scores(1, 9)),
                         chat_ok(scores(3, 9)), chat_ok(scores(5, 5))});
  TempDir dir;
  auto config = dir.write("config.yaml", judge_config(server));
  std::vector<std::pair<std::string, std::size_t>> a_answers, b_answers;
  for (int i = 1; i <= 8; ++i) {
    const std::string id = "p" + std::to_string(i);
    a_answers.emplace_back(id, i <= 4 ? 110 : 100);
    b_answers.emplace_back(id, i <= 4 ? 100 : 110);
  }
  auto a = dir.write("a.jsonl", sized_candidates(a_answers, "loop"));
  auto b = dir.write("b.jsonl", sized_candidates(b_answers, "single"));
  auto out = a + "-run";
  auto result = run_pogen({"winrate", "--no-probe", "--config", config, "--a", a, "--b", b, "--out",
                           out, "--resamples", "100"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto report = read_json(out + "/winrate/winrate.json");
  INFO(report.dump(2));
  CHECK(report["win_rate_ties_as_half"].get<double>() == Approx(0.5625));
  const json& lc = report["length_controlled"];
  CHECK(lc["value"].get<double>() == Approx(std::sqrt(1.8) / (1 + std::sqrt(1.8))).epsilon(1e-9));
  CHECK(lc["b0"].get<double>() == Approx(std::log(1.8) / 2).epsilon(1e-9));
  const double c = std::tanh(std::sqrt(7.0 / 8.0));
  CHECK(lc["b1"].get<double>() == Approx(std::log(5.0) / (2 * c)).epsilon(1e-9));
  CHECK(lc["n"] == 8);
  CHECK(lc["scale"].get<double>() == Approx(10 * std::sqrt(8.0 / 7.0)));
  CHECK(lc["unit"] == "characters");
  CHECK(lc["fit"] == "maximum_likelihood");
  CHECK(lc["reason"].is_null());
  CHECK(lc["interval"]["resamples"] == 100);
  CHECK(lc["interval"]["lower"].is_number());
  CHECK(result.err.find("length-controlled win rate 57.3% (95% CI ") != std::string::npos);
}
