// Reproduces every Cohen's kappa that "The Fellowship of the LLMs" reports on PandaLM-Eval (six
// single judges, 57 juries, the Gemma-2-27B debate) from the judge outputs it released, which
// pins down how the paper turned scores into verdicts (docs/metrics.md).

#include <catch2/catch.hpp>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "metrics/agreement.hpp"
#include "metrics/jury.hpp"
#include "support/paper_data.hpp"

#ifndef POGEN_SHARED_DATA_DIR
#define POGEN_SHARED_DATA_DIR "/work/shared/data"
#endif

using nlohmann::json;
using pogen::metrics::ScorePair;
using pogen::metrics::Verdict;
namespace fs = std::filesystem;
namespace m = pogen::metrics;

namespace {

constexpr double kTolerance = 1e-9;
constexpr std::size_t kItems = 999;
const char* const kDebateJudge = "gemma-2-27b-it";

fs::path data_dir() { return pogen::testing::paper_data_dir(); }

json read_json(const fs::path& relative) {
  return pogen::testing::read_json_file(data_dir() / relative);
}

const std::vector<Verdict>& human_verdicts() {
  static const std::vector<Verdict> verdicts = [] {
    const std::map<std::string, Verdict> by_winner = {
        {"model_a", Verdict::A}, {"model_b", Verdict::B}, {"tie", Verdict::tie}};
    std::vector<Verdict> result;
    for (const json& label : read_json("paper-outputs/pandalm-eval/human_labels.json")) {
      result.push_back(by_winner.at(label.at("winner").get<std::string>()));
    }
    return result;
  }();
  return verdicts;
}

const json& judge_outputs(const std::string& judge) {
  static std::map<std::string, json> cache;
  auto it = cache.find(judge);
  if (it == cache.end()) {
    it = cache
             .emplace(judge,
                      read_json("paper-outputs/pandalm-eval/multi-rater10/" + judge + "_none.json"))
             .first;
  }
  return it->second;
}

// The paper's rule: compare score_1 and score_2 as they are, -1 (its parse failure) included.
std::vector<Verdict> judge_verdicts(const std::string& judge) {
  std::vector<Verdict> verdicts;
  for (const json& item : judge_outputs(judge)) {
    verdicts.push_back(
        m::verdict_from_scores(item.at("score_1").get<double>(), item.at("score_2").get<double>()));
  }
  return verdicts;
}

double kappa_against_humans(const std::vector<Verdict>& predicted) {
  const std::vector<Verdict>& humans = human_verdicts();
  REQUIRE(humans.size() == kItems);
  REQUIRE(predicted.size() == kItems);
  std::vector<m::VerdictPair> pairs;
  for (std::size_t i = 0; i < kItems; ++i) pairs.push_back({humans[i], predicted[i]});
  const std::optional<double> kappa = m::cohen_kappa(pairs);
  REQUIRE(kappa.has_value());
  return *kappa;
}

std::string joined(const json& names) {
  std::string text;
  for (const json& name : names) text += (text.empty() ? "" : "+") + name.get<std::string>();
  return text;
}

// The last "Score Assistant <n>: X/10" of a debater's final statement; nullopt when it is
// missing or not a number ("N/A").
std::optional<double> final_score(const std::string& text, const std::string& key) {
  const std::size_t at = text.rfind(key);
  if (at == std::string::npos) return std::nullopt;
  std::size_t begin = at + key.size();
  while (begin < text.size() && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [rest, error] = std::from_chars(text.data() + begin, end, value);
  if (error != std::errc() || std::string_view(rest, end - rest).substr(0, 3) != "/10") {
    return std::nullopt;
  }
  return value;
}

// The paper scored a debater whose final statement it could not parse as 0 for both answers.
ScorePair debater_scores(const json& item, int role) {
  const std::string text = item.at("response_" + std::to_string(role)).get<std::string>();
  const std::optional<double> a = final_score(text, "Score Assistant 1:");
  const std::optional<double> b = final_score(text, "Score Assistant 2:");
  if (!a || !b) return {0, 0};
  return {*a, *b};
}

}  // namespace

TEST_CASE("the paper's single-judge kappas are reproduced", "[paper-data]") {
  const json reported = read_json("paper-kappa/PandaLM-Eval/llm-as-a-judge.json");
  REQUIRE(reported.size() == 6);
  for (const json& entry : reported) {
    const std::string judge = entry.at(0).at(0).get<std::string>();
    INFO(judge);
    CHECK(std::abs(kappa_against_humans(judge_verdicts(judge)) - entry.at(1).get<double>()) <=
          kTolerance);
  }
}

TEST_CASE("the paper compared its -1 parse failures as scores", "[paper-data]") {
  // Nine failures, all on score_1: -1 loses to any real score_2, so each became a B verdict.
  std::map<std::string, int> failures;
  for (const char* judge : {"gemma-2-27b-it", "Meta-Llama-3.1-8B-Instruct-Turbo"}) {
    for (const json& item : judge_outputs(judge)) {
      CHECK(item.at("score_2").get<double>() >= 0);
      if (item.at("score_1").get<double>() == -1) ++failures[judge];
    }
  }
  CHECK(failures["gemma-2-27b-it"] == 6);
  CHECK(failures["Meta-Llama-3.1-8B-Instruct-Turbo"] == 3);
  // Reading them as ties instead would not reproduce the reported 0.5864167143575302.
  std::vector<Verdict> as_ties = judge_verdicts("gemma-2-27b-it");
  const json& outputs = judge_outputs("gemma-2-27b-it");
  for (std::size_t i = 0; i < kItems; ++i) {
    if (outputs.at(i).at("score_1").get<double>() == -1) as_ties[i] = Verdict::tie;
  }
  CHECK(std::abs(kappa_against_humans(as_ties) - 0.5864167143575302) > 1e-3);
}

TEST_CASE("the paper's 57 jury kappas are reproduced by majority vote", "[paper-data]") {
  const json reported = read_json("paper-kappa/PandaLM-Eval/llms-as-a-jury.json");
  REQUIRE(reported.size() == 57);
  std::map<std::string, std::vector<Verdict>> verdicts;
  for (const json& entry : reported) {
    const json& jurors = entry.at(0);
    INFO(joined(jurors));
    REQUIRE(jurors.size() >= 2);
    std::vector<Verdict> jury(kItems);
    for (std::size_t i = 0; i < kItems; ++i) {
      std::vector<Verdict> votes;
      for (const json& juror : jurors) {
        const std::string name = juror.get<std::string>();
        if (!verdicts.contains(name)) verdicts[name] = judge_verdicts(name);
        votes.push_back(verdicts[name].at(i));
      }
      jury[i] = m::majority_vote(votes);
    }
    CHECK(std::abs(kappa_against_humans(jury) - entry.at(1).get<double>()) <= kTolerance);
  }
}

TEST_CASE("the paper's debate kappa is reproduced from the debaters' final scores",
          "[paper-data]") {
  const json reported = read_json("paper-kappa/PandaLM-Eval/llm-debate.json");
  std::optional<double> expected;
  for (const json& entry : reported) {
    if (entry.at(0).at(0).get<std::string>() == kDebateJudge) expected = entry.at(1).get<double>();
  }
  REQUIRE(expected.has_value());
  const json debate =
      read_json("paper-outputs/pandalm-eval/debate/gemma-2-27b-it_gemma-2-27b-it.json");
  REQUIRE(debate.size() == kItems);
  std::vector<Verdict> verdicts;
  for (std::size_t i = 0; i < kItems; ++i) {
    const json& item = debate.at(i);
    const std::vector<ScorePair> roles = {debater_scores(item, 1), debater_scores(item, 2),
                                          debater_scores(item, 3)};
    const ScorePair mean = m::mean_scores(roles);
    INFO("item " << i);
    CHECK(mean.a == item.at("score_1").get<double>());
    CHECK(mean.b == item.at("score_2").get<double>());
    verdicts.push_back(m::mean_score_verdict(roles));
  }
  CHECK(std::abs(kappa_against_humans(verdicts) - *expected) <= kTolerance);
}
