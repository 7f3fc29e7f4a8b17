// The bias measures beside agreement, end to end with one scripted server per juror (each
// server's requests arrive in item order, one item at a time): each juror's position
// consistency with its Wilson interval, the self-preference score per juror with labels, the
// family-preference score without them, and the warning for jurors of one family.

#include <catch2/catch.hpp>

#include "dataset_test_support.hpp"
#include "support/scripted_server.hpp"

using nlohmann::json;
using namespace pogen::cli::testing;
using pogen::testing::chat_ok;
using pogen::testing::ScriptedResponse;
using pogen::testing::ScriptedServer;

namespace {

ScriptedResponse scores(int a, int b) {
  return chat_ok("### Score Assistant A:\n" + std::to_string(a) + "/10\n### Score Assistant B:\n" +
                 std::to_string(b) + "/10");
}

std::string jury_config(const ScriptedServer& one, const std::string& model_one,
                        const ScriptedServer& two, const std::string& model_two,
                        const std::string& swap) {
  return "endpoints:\n"
         "  - {name: j1, base_url: " +
         one.base_url() + ", model: " + model_one +
         ", limits: {max_in_flight: 1}}\n"
         "  - {name: j2, base_url: " +
         two.base_url() + ", model: " + model_two +
         ", limits: {max_in_flight: 1}}\n"
         "judging:\n  swap: " +
         swap +
         "\n  judges: [{endpoint: j1}, {endpoint: j2}]\n"
         "run:\n  max_items_in_flight: 1\n";
}

json candidate(const std::string& text, const std::string& model) {
  return {{"text", text}, {"model", model},          {"endpoint", "e"},   {"iteration", 0},
          {"sample", 0},  {"finish_reason", "stop"}, {"truncated", false}};
}

}  // namespace

TEST_CASE(
    "judge: each juror's position consistency with its Wilson interval, and the warning "
    "for jurors of one family",
    "[cli][judge][bias]") {
  // Both orders of every pair. A reply that gives the first-shown answer 8 in both orders is a
  // position flip; 5/5 both times is consistent (a tie either way). j1 flips on item 1 only
  // (3 of 4 consistent), j2 on items 1 and 2 (2 of 4).
  ScriptedServer one({scores(8, 3), scores(8, 3), scores(5, 5), scores(5, 5), scores(5, 5),
                      scores(5, 5), scores(5, 5), scores(5, 5)});
  ScriptedServer two({scores(8, 3), scores(8, 3), scores(8, 3), scores(8, 3), scores(5, 5),
                      scores(5, 5), scores(5, 5), scores(5, 5)});
  TempDir dir;
  auto config =
      dir.write("config.yaml", jury_config(one, "llama-3-8b", two, "Llama-3.1-70B", "both"));
  std::string input;
  for (int i = 1; i <= 4; ++i) {
    json item = {{"id", "p" + std::to_string(i)},
                 {"conversation", json::array({{{"role", "user"}, {"content", "Q"}}})},
                 {"candidates", json::array({candidate("first " + std::to_string(i), "gen-a"),
                                             candidate("second " + std::to_string(i), "gen-b")})}};
    input += item.dump() + "\n";
  }
  auto candidates = dir.write("candidates.jsonl", input);
  auto out = candidates + "-run";
  auto result =
      run_pogen({"judge", "--no-probe", "--config", config, "--input", candidates, "--out", out});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(one.request_count() == 8);
  CHECK(two.request_count() == 8);
  // Two jurors of family llama: a warning naming both, before the run; not an error.
  CHECK(result.err.find("jury: jurors \"j1\" (llama-3-8b) and \"j2\" (Llama-3.1-70B) share "
                        "family \"llama\"; PoLL's advice is a jury of disjoint families") !=
        std::string::npos);
  auto summary = read_json(out + "/judge/judge-summary.json");
  INFO(summary.dump(2));
  REQUIRE(summary["by_judge"].size() == 2);
  const json& j1 = summary["by_judge"][0];
  CHECK(j1["judge"] == "j1");
  CHECK(j1["model"] == "llama-3-8b");
  CHECK(j1["pairs_both_orders"] == 4);
  CHECK(j1["consistent"] == 3);
  CHECK(j1["position_consistency"].get<double>() == Approx(0.75));
  // Wilson, k = 3, n = 4, z = 1.959964: [0.300642, 0.954413].
  CHECK(j1["position_consistency_interval"]["lower"].get<double>() == Approx(0.3006418));
  CHECK(j1["position_consistency_interval"]["upper"].get<double>() == Approx(0.9544127));
  CHECK(j1["position_consistency_interval"]["method"] == "wilson");
  const json& j2 = summary["by_judge"][1];
  CHECK(j2["consistent"] == 2);
  CHECK(j2["position_consistency_interval"]["lower"].get<double>() == Approx(0.1500390));
  CHECK(j2["position_consistency_interval"]["upper"].get<double>() == Approx(0.8499610));
  CHECK(summary["position_flips"] == 3);
  CHECK(result.err.find("consistent:     j1 3 of 4 pairs (75.0%, Wilson 95% 30.1-95.4%)") !=
        std::string::npos);
  // One family only: the family-preference score has nothing to compare.
  CHECK(summary["family_preference"]["families"].empty());
  CHECK(summary["family_preference"]["not_applicable"] ==
        "every juror is of family \"llama\": no judge of another family to compare with");

  // pogen check gives the same warning and still passes.
  auto check = run_pogen({"check", "--config", config, "--fake"});
  INFO(check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.err.find("jury: jurors \"j1\" (llama-3-8b) and \"j2\" (Llama-3.1-70B) share "
                       "family \"llama\"") != std::string::npos);
}

TEST_CASE(
    "eval-judge with a jury: self-preference per juror and per family against the labels, "
    "and family preference without them",
    "[cli][eval-judge][bias]") {
  // Every pair: answer A by llama-8b, B by qwen-7b. One order per pair.
  //   j1 (llama): A A A B      j2 (qwen): B B A B      humans: A B A B
  ScriptedServer one({scores(8, 3), scores(8, 3), scores(8, 3), scores(3, 8)});
  ScriptedServer two({scores(3, 8), scores(3, 8), scores(8, 3), scores(3, 8)});
  TempDir dir;
  auto config = dir.write("config.yaml", jury_config(one, "llama-3-70b", two, "qwen-72b", "none"));
  std::string labels;
  const char* const human[] = {"A", "B", "A", "B"};
  for (int i = 0; i < 4; ++i) {
    labels += json{{"id", "q" + std::to_string(i)},
                   {"prompt", "Question " + std::to_string(i)},
                   {"response_a", "first answer " + std::to_string(i)},
                   {"response_b", "second answer " + std::to_string(i)},
                   {"human", human[i]},
                   {"model_a", "llama-8b"},
                   {"model_b", "qwen-7b"}}
                  .dump() +
              "\n";
  }
  auto labels_path = dir.write("labels.jsonl", labels);
  auto out = labels_path + "-run";
  auto result = run_pogen({"eval-judge", "--no-probe", "--config", config, "--labels", labels_path,
                           "--out", out, "--resamples", "200"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.find("share family") == std::string::npos);  // disjoint families
  auto report = read_json(out + "/eval-judge/eval-report.json");
  INFO(report.dump(2));
  const json& self = report["self_preference"];
  // Both answers of every pair are by a judge's family: the panel has no pair with one.
  CHECK(self["items"] == 0);
  CHECK(self["score"].is_null());
  // j1, own answer A: 3 of 4 verdicts for it; humans 2 of 4. Score 0.25. j2, own answer B:
  // 3 of 4 (B, B, B of B B A B); humans 2 of 4. Score 0.25.
  REQUIRE(self["by_judge"].size() == 2);
  const json& j1 = self["by_judge"][0];
  CHECK(j1["judge"] == "j1");
  CHECK(j1["items"] == 4);
  CHECK(j1["judge_own_rate"].get<double>() == Approx(0.75));
  CHECK(j1["human_own_rate"].get<double>() == Approx(0.5));
  CHECK(j1["score"].get<double>() == Approx(0.25));
  CHECK(j1["score_interval"]["resamples"] == 200);
  CHECK(j1["score_interval"]["lower"].is_number());
  CHECK(self["by_judge"][1]["score"].get<double>() == Approx(0.25));
  REQUIRE(self["by_family"].size() == 2);
  CHECK(self["by_family"][0]["family"] == "llama");
  CHECK(self["by_family"][0]["judges"] == json::array({"j1"}));
  CHECK(self["by_family"][0]["score"].get<double>() == Approx(0.25));
  // Without the labels: llama, the llama juror for the llama answer 3 of 4, the qwen juror 1 of
  // 4: 0.5; qwen the same way round: 0.5.
  const json& families = report["family_preference"]["families"];
  REQUIRE(families.size() == 2);
  CHECK(families[0]["family"] == "llama");
  CHECK(families[0]["pairs"] == 4);
  CHECK(families[0]["own_rate"].get<double>() == Approx(0.75));
  CHECK(families[0]["other_rate"].get<double>() == Approx(0.25));
  CHECK(families[0]["score"].get<double>() == Approx(0.5));
  CHECK(families[0]["score_interval"]["resamples"] == 200);
  CHECK(families[0]["score_interval"]["lower"].is_number());
  CHECK(families[1]["family"] == "qwen");
  CHECK(families[1]["score"].get<double>() == Approx(0.5));
  CHECK(report["family_preference"]["not_applicable"].is_null());
  CHECK(result.err.find("family preference: llama +0.500 on 4 pairs") != std::string::npos);
  CHECK(result.err.find("juror j1: 4 pairs with one own answer, score +0.250") !=
        std::string::npos);
}
