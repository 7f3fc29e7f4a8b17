// pogen agreement: judges against existing labels, through the real binary, no requests.

#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

using nlohmann::json;
using pogen::cli::testing::run_pogen;
using pogen::cli::testing::TempDir;

namespace {

// One record a line: {"id": "i<n>", "<field>": label}; labels "-" for null.
std::string labels(const std::vector<std::string>& values, const std::string& field = "v") {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string value = values[i] == "-" ? "null" : "\"" + values[i] + "\"";
    out += "{\"id\": \"i" + std::to_string(i) + "\", \"" + field + "\": " + value + "}\n";
  }
  return out;
}

json read_report(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  return json::parse(in);
}

}  // namespace

TEST_CASE("agreement reports kappa, accuracy and the confusion matrix", "[cli][agreement]") {
  TempDir dir;
  // po = 7/10, pe = 34/100: kappa = 6/11 (tests/metrics/agreement_test.cpp).
  const auto ref =
      dir.write("human.jsonl", labels({"A", "A", "A", "A", "B", "B", "B", "tie", "tie", "tie"}));
  const auto judge =
      dir.write("gpt.jsonl", labels({"A", "A", "A", "B", "A", "B", "B", "B", "tie", "tie"}));
  const auto report = dir.write("report.json", "");
  auto result = run_pogen({"agreement", "--reference", ref + ":verdict=v", "--judge",
                           judge + ":verdict=v", "--report", report});
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::Contains("10 items, matched by id"));
  CHECK_THAT(result.err,
             Catch::Contains("gpt") && Catch::Contains("0.545") && Catch::Contains("0.700"));
  const json j = read_report(report);
  const json& agreement = j["judges"][0]["agreement"];
  CHECK(agreement["kappa"].get<double>() == Approx(6.0 / 11.0).margin(1e-12));
  CHECK(agreement["accuracy"].get<double>() == Approx(0.7).margin(1e-12));
  CHECK(agreement["confusion"]["tie"]["B"] == 1);
  CHECK(agreement["kappa_interval"]["resamples"] == 1000);
  CHECK(j["matched_by"] == "id");
  CHECK(j["judges"][0]["failures"]["count"] == 0);
}

TEST_CASE("agreement edge cases: one class, perfect, complete disagreement", "[cli][agreement]") {
  TempDir dir;
  const auto ref = dir.write("ref.jsonl", labels({"A", "B", "A", "B"}));
  const auto same = dir.write("same.jsonl", labels({"A", "B", "A", "B"}));
  const auto opposite = dir.write("opposite.jsonl", labels({"B", "A", "B", "A"}));
  const auto report = dir.write("r.json", "");
  auto result =
      run_pogen({"agreement", "--reference", ref + ":verdict=v", "--judge", same + ":verdict=v",
                 "--judge", opposite + ":verdict=v", "--report", report});
  REQUIRE(result.exit_code == 0);
  json j = read_report(report);
  CHECK(j["judges"][0]["agreement"]["kappa"] == 1.0);
  CHECK(j["judges"][1]["agreement"]["kappa"] == -1.0);

  const auto all_a = dir.write("all_a.jsonl", labels({"A", "A", "A"}));
  result = run_pogen({"agreement", "--reference", all_a + ":verdict=v", "--judge",
                      all_a + ":verdict=v,name=also_a", "--report", report});
  REQUIRE(result.exit_code == 0);
  j = read_report(report);
  CHECK(j["judges"][0]["agreement"]["kappa"].is_null());
  CHECK(j["judges"][0]["agreement"]["accuracy"] == 1.0);
  CHECK_THAT(result.err, Catch::Matches("(.|\n)*\n +3 +0 +n/a +n/a +1.000  also_a\n(.|\n)*"));
}

TEST_CASE("a missing reference label is reported by line", "[cli][agreement]") {
  TempDir dir;
  const auto ref = dir.write("ref.jsonl", labels({"A", "-", "B", "-"}));
  const auto judge = dir.write("j.jsonl", labels({"A", "B", "B", "A"}));
  auto result =
      run_pogen({"agreement", "--reference", ref + ":verdict=v", "--judge", judge + ":verdict=v"});
  CHECK(result.exit_code == 2);
  const std::string tail =
      ": v: no reference label (field v is null); fix the file, or give --drop-unlabeled to "
      "leave such items out\n";
  CHECK(result.err == ref + ":2" + tail + ref + ":4" + tail);
  result = run_pogen({"agreement", "--reference", ref + ":verdict=v", "--judge",
                      judge + ":verdict=v", "--drop-unlabeled"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.err, Catch::Contains("2 items, matched by id"));
}

TEST_CASE("label maps translate a data set's encoding; unmapped labels are errors",
          "[cli][agreement]") {
  TempDir dir;
  const auto ref =
      dir.write("ref.json", "[\n{\"w\": 1},\n{\"w\": 2},\n{\"w\": 0},\n{\"w\": 1}\n]\n");
  const auto judge = dir.write("j.json",
                               "[{\"p\": \"A\"}, {\"p\": \"B\"}, {\"p\": \"tie\"}, "
                               "{\"p\": \"B\"}]");
  const auto report = dir.write("r.json", "");
  auto result =
      run_pogen({"agreement", "--reference", ref + ":verdict=w", "--judge", judge + ":verdict=p",
                 "--label-map", "1=A,2=B,0=tie", "--report", report});
  REQUIRE(result.exit_code == 0);
  const json j = read_report(report);
  CHECK(j["matched_by"] == "position");
  CHECK(j["judges"][0]["agreement"]["accuracy"] == 0.75);

  result = run_pogen({"agreement", "--reference", ref + ":verdict=w", "--judge",
                      judge + ":verdict=p", "--label-map", "1=A,2=B"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == ref +
                          ":4: w: label \"0\" is not in the label map (known: 1=A, 2=B, A=A, B=B, "
                          "tie=tie); map it with --label-map 0=A|B|tie|failed\n");
  result = run_pogen({"agreement", "--reference", ref + ":verdict=w", "--judge",
                      judge + ":verdict=p", "--label-map", "1=first"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "--label-map: \"first\": the verdict must be A, B, tie or failed\n");
}

TEST_CASE("the bootstrap is deterministic under a seed", "[cli][agreement]") {
  TempDir dir;
  const auto ref = dir.write(
      "ref.jsonl", labels({"A", "B", "tie", "A", "B", "B", "A", "A", "tie", "B", "A", "B"}));
  const auto judge =
      dir.write("j.jsonl", labels({"A", "B", "B", "A", "B", "A", "A", "A", "tie", "B", "B", "B"}));
  const auto first = dir.write("1.json", "");
  const auto second = dir.write("2.json", "");
  const auto third = dir.write("3.json", "");
  const std::vector<std::string> base = {"agreement", "--reference",        ref + ":verdict=v",
                                         "--judge",   judge + ":verdict=v", "--resamples",
                                         "300"};
  auto with = [&](const std::string& seed, const std::string& report) {
    auto args = base;
    args.insert(args.end(), {"--seed", seed, "--report", report});
    REQUIRE(run_pogen(args).exit_code == 0);
    return read_report(report)["judges"][0]["agreement"]["kappa_interval"];
  };
  const json a = with("11", first);
  CHECK(with("11", second) == a);
  CHECK(with("12", third) != a);
  CHECK(a["resamples"] == 300);
}

TEST_CASE("judgments.jsonl: failures counted, both orders give position bias", "[cli][agreement]") {
  TempDir dir;
  auto judged = [](const std::string& id, const std::string& verdict, const std::string& ab,
                   const std::string& ba) {
    return "{\"id\": \"" + id +
           "\", \"status\": \"ok\", \"candidates\": [{\"text\": \"a\"}, {\"text\": \"bbbb\"}], "
           "\"ranking\": {\"method\": \"round_robin\", \"pairs\": [{\"a\": 0, \"b\": 1, "
           "\"verdict\": \"" +
           verdict + "\", \"judgments\": [{\"order\": \"AB\", \"status\": \"ok\", \"pick\": \"" +
           ab + "\"}, {\"order\": \"BA\", \"status\": \"ok\", \"pick\": \"" + ba + "\"}]}]}}\n";
  };
  const auto judgments = dir.write(
      "judgments.jsonl",
      judged("i0", "A", "A", "A") + judged("i1", "tie", "A", "B") + judged("i2", "B", "B", "B") +
          "{\"id\": \"i3\", \"status\": \"failed\", \"reason\": \"every judge call failed\"}\n");
  const auto ref = dir.write("ref.jsonl", labels({"A", "B", "B", "A"}));
  const auto report = dir.write("r.json", "");
  auto result = run_pogen(
      {"agreement", "--reference", ref + ":verdict=v", "--judge", judgments, "--report", report});
  REQUIRE(result.exit_code == 0);
  const json judge = read_report(report)["judges"][0];
  CHECK(judge["read_as"] == "pogen judgments");
  CHECK(judge["failures"]["count"] == 1);
  CHECK(judge["failures"]["items"][0] ==
        json({{"id", "i3"},
              {"line", 4},
              {"record", 4},
              {"reason", "status failed: every judge call failed"}}));
  CHECK(judge["agreement"]["compared"] == 3);
  // i1 flips with the order: 2 of 3 consistent; shown first wins 4 of 6 decisive verdicts.
  CHECK(judge["position"]["both_orders"] == 3);
  CHECK(judge["position"]["consistent"] == 2);
  CHECK(judge["position"]["first_wins"] == 4);
  CHECK(judge["position"]["second_wins"] == 2);
  CHECK(judge["length"]["judge"]["longer"] == 1);
  CHECK(judge["length"]["judge"]["shorter"] == 1);
  // On the items the judge decided, the reference chose the longer answer twice (i1, i2).
  CHECK(judge["length"]["reference"]["longer"] == 2);
  CHECK(judge["length"]["reference"]["shorter"] == 1);
}

TEST_CASE("juries of every size from several judges", "[cli][agreement]") {
  TempDir dir;
  const auto ref = dir.write("ref.jsonl", labels({"A", "B", "A", "B"}));
  std::vector<std::string> args = {"agreement", "--reference", ref + ":verdict=v", "--jury", "all"};
  for (const char* name : {"j1", "j2", "j3"}) {
    args.insert(args.end(),
                {"--judge", dir.write(std::string(name) + ".jsonl", labels({"A", "B", "B", "B"})) +
                                ":verdict=v"});
  }
  const auto report = dir.write("r.json", "");
  args.insert(args.end(), {"--report", report});
  REQUIRE(run_pogen(args).exit_code == 0);
  const json juries = read_report(report)["juries"];
  REQUIRE(juries.size() == 4);
  CHECK(juries[3]["name"] == "j1+j2+j3");
  CHECK(juries[3]["agreement"]["accuracy"] == 0.75);
  args[4] = "5";
  auto result = run_pogen(args);
  CHECK(result.exit_code == 2);
  CHECK(result.err == "--jury: a jury of 5 needs between 2 and 3 judges; 3 were given\n");
}

TEST_CASE("two judges with one name must be told apart", "[cli][agreement]") {
  TempDir dir;
  const auto ref = dir.write("ref.jsonl", labels({"A", "B"}));
  const auto judge = dir.write("j.jsonl", labels({"A", "B"}));
  auto result = run_pogen({"agreement", "--reference", ref + ":verdict=v", "--judge",
                           judge + ":verdict=v", "--judge", judge + ":verdict=v"});
  CHECK(result.exit_code == 2);
  CHECK(result.err == "--judge: two judges are named \"j\" (" + judge + " and " + judge +
                          "); name them with :...,name=NAME\n");
}

TEST_CASE("--verdicts writes every item's verdicts, null for a failure", "[cli][agreement]") {
  TempDir dir;
  const auto ref = dir.write("ref.jsonl", labels({"A", "B"}));
  const auto judge = dir.write("j.jsonl", labels({"-", "B"}));
  const auto verdicts = dir.write("v.jsonl", "");
  auto result = run_pogen({"agreement", "--reference", ref + ":verdict=v", "--judge",
                           judge + ":verdict=v", "--verdicts", verdicts});
  REQUIRE(result.exit_code == 0);
  std::ifstream in(verdicts);
  std::string line;
  REQUIRE(std::getline(in, line));
  CHECK(json::parse(line) == json({{"id", "i0"}, {"reference", "A"}, {"j", nullptr}}));
  REQUIRE(std::getline(in, line));
  CHECK(json::parse(line) == json({{"id", "i1"}, {"reference", "B"}, {"j", "B"}}));
}
