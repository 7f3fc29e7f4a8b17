// parse_combined over real judge outputs released with "The Fellowship of the LLMs": 5,994
// combined-scoring replies (six judges x 999 PandaLM items, out of 10) and the 2,997 final
// replies of its Gemma-2-27B debate. Wherever the paper's own parser read the scores, pogen must
// read the same, except for the deliberate differences listed below (and in
// docs/judge-parsing.md); wherever the paper failed, every item pogen reads is listed too, so
// that any change in what the parser accepts shows up here.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "judge/parse/parse.hpp"
#include "support/paper_data.hpp"

#ifndef POGEN_SHARED_DATA_DIR
#define POGEN_SHARED_DATA_DIR "/work/shared/data"
#endif

using pogen::pipeline::parse_combined;
using pogen::pipeline::ParsedScores;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kItems = 999;
constexpr double kPaperFailed = -1;

// Items the paper parsed where pogen deliberately reads other scores.
struct Difference {
  std::string judge;
  std::size_t item;
  ParsedScores paper;
  ParsedScores pogen;
  std::string reason;
};

const std::vector<Difference> kDifferences = {
    {"Meta-Llama-3.1-8B-Instruct-Turbo",
     380,
     {0, 0},
     {0, 2},
     "the judge re-evaluates and scores again; pogen takes its last scores, the paper its first"},
    {"Meta-Llama-3.1-8B-Instruct-Turbo",
     381,
     {0, 0},
     {0, 2},
     "the judge re-evaluates and scores again; pogen takes its last scores, the paper its first"},
};

// Items the paper could not parse (a score of -1) that pogen reads. In all of them the reply
// ends with both scores in the requested format, appended after a re-ask (turns_to_answer 2),
// and pogen's score for Assistant B is the one the paper kept.
struct Extra {
  std::string judge;
  std::size_t item;
  ParsedScores pogen;
};

const std::vector<Extra> kExtras = {
    {"Meta-Llama-3.1-8B-Instruct-Turbo", 421, {6, 4}},
    {"Meta-Llama-3.1-8B-Instruct-Turbo", 427, {8, 4}},
    {"Meta-Llama-3.1-8B-Instruct-Turbo", 624, {0, 0}},
    {"gemma-2-27b-it", 116, {2, 9}},
    {"gemma-2-27b-it", 119, {0, 8}},
    {"gemma-2-27b-it", 120, {0, 9}},
    {"gemma-2-27b-it", 241, {1, 9}},
    {"gemma-2-27b-it", 344, {4, 9}},
    {"gemma-2-27b-it", 481, {7, 2}},
};

// Per judge: items whose two scores the paper parsed, and how many of those pogen reads alike.
struct JudgeCounts {
  std::string judge;
  std::size_t paper_parsed;
  std::size_t agreed;
};

const std::vector<JudgeCounts> kJudges = {
    {"gpt-4o", 999, 999},
    {"gpt-4o-mini", 999, 999},
    {"Meta-Llama-3.1-70B-Instruct-Turbo", 999, 999},
    {"Meta-Llama-3.1-8B-Instruct-Turbo", 996, 994},
    {"gemma-2-9b-it", 999, 999},
    {"gemma-2-27b-it", 993, 993},
};

// Debate items where a role's final reply has no score ("N/A") for one answer or both. The paper
// counted such a reply as 0 for both answers, the sentinel pogen refuses to invent.
struct DebateFailure {
  std::size_t item;
  ParsedScores paper;  // mean of the three roles' final scores
  int role;            // the first role whose reply pogen cannot read
  std::string reason;
};

const std::vector<DebateFailure> kDebateFailures = {
    {91, {2.0 / 3, 2.0 / 3}, 3, "no score for Assistant A or Assistant B found"},
    {93, {2.0 / 3, 2.0 / 3}, 3, "no score for Assistant A or Assistant B found"},
    {341, {0, 0}, 1, "no score for Assistant A or Assistant B found"},
    {524, {2.0 / 3, 7.0 / 3}, 1, "no score for Assistant B found"},
    {599, {2.0 / 3, 0}, 2, "no score for Assistant B found"},
    {601, {4.0 / 3, 0}, 1, "no score for Assistant B found"},
};
constexpr int kDebateRoles = 3;
constexpr double kTolerance = 1e-9;

fs::path data_dir() { return pogen::testing::paper_data_dir(); }

nlohmann::json read_json(const fs::path& relative) {
  const fs::path path = data_dir() / "paper-outputs/pandalm-eval" / relative;
  std::ifstream in(path);
  if (!in) FAIL("cannot open " << path.string());
  return nlohmann::json::parse(in);
}

template <typename Entry>
const Entry* find_entry(const std::vector<Entry>& entries, const std::string& judge,
                        std::size_t item) {
  auto found = std::find_if(entries.begin(), entries.end(),
                            [&](const Entry& e) { return e.judge == judge && e.item == item; });
  return found == entries.end() ? nullptr : &*found;
}

std::string describe(const pogen::pipeline::ParseResult<ParsedScores>& result) {
  if (!result) return "failure: " + result.failure().reason;
  return std::to_string(result.value().a) + ", " + std::to_string(result.value().b);
}

}  // namespace

TEST_CASE("parse_combined reads what the paper's parser read in its released judge outputs",
          "[paper-data]") {
  data_dir();
  std::size_t extras_seen = 0;
  std::size_t differences_seen = 0;
  for (const auto& expected : kJudges) {
    INFO("judge " << expected.judge);
    const nlohmann::json outputs =
        read_json(fs::path("multi-rater10") / (expected.judge + "_none.json"));
    REQUIRE(outputs.size() == kItems);
    std::size_t paper_parsed = 0;
    std::size_t agreed = 0;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      INFO("item " << i);
      const ParsedScores paper{outputs[i].at("score_1").get<double>(),
                               outputs[i].at("score_2").get<double>()};
      const auto pogen = parse_combined(outputs[i].at("response").get<std::string>(), 10);
      if (paper.a == kPaperFailed || paper.b == kPaperFailed) {
        const Extra* extra = find_entry(kExtras, expected.judge, i);
        if (extra) ++extras_seen;
        if (extra && !(pogen && pogen.value() == extra->pogen)) {
          FAIL_CHECK("listed extra parse changed: " << describe(pogen));
        } else if (!extra && pogen) {
          FAIL_CHECK("pogen parses an item the paper could not: " << describe(pogen));
        }
        continue;
      }
      ++paper_parsed;
      if (const Difference* difference = find_entry(kDifferences, expected.judge, i)) {
        ++differences_seen;
        CHECK(difference->paper == paper);
        if (!(pogen && pogen.value() == difference->pogen)) {
          FAIL_CHECK("listed difference changed: " << describe(pogen));
        }
      } else if (pogen && pogen.value() == paper) {
        ++agreed;
      } else {
        FAIL_CHECK("paper read " << paper.a << ", " << paper.b << "; pogen " << describe(pogen));
      }
    }
    CHECK(paper_parsed == expected.paper_parsed);
    CHECK(agreed == expected.agreed);
  }
  CHECK(differences_seen == kDifferences.size());
  CHECK(extras_seen == kExtras.size());
}

TEST_CASE("parse_combined reads the final scores of the paper's debate", "[paper-data]") {
  data_dir();
  const nlohmann::json debate = read_json("debate/gemma-2-27b-it_gemma-2-27b-it.json");
  REQUIRE(debate.size() == kItems);
  std::size_t agreed = 0;
  std::size_t failures_seen = 0;
  for (std::size_t i = 0; i < debate.size(); ++i) {
    INFO("item " << i);
    const ParsedScores paper{debate[i].at("score_1").get<double>(),
                             debate[i].at("score_2").get<double>()};
    ParsedScores sum{0, 0};
    std::optional<std::pair<int, std::string>> failed;
    for (int role = 1; role <= kDebateRoles && !failed; ++role) {
      const auto reply = debate[i].at("response_" + std::to_string(role)).get<std::string>();
      const auto scores = parse_combined(reply, 10);
      if (!scores) {
        failed = std::pair{role, scores.failure().reason};
      } else {
        sum.a += scores.value().a;
        sum.b += scores.value().b;
      }
    }
    const auto listed = std::find_if(kDebateFailures.begin(), kDebateFailures.end(),
                                     [&](const DebateFailure& f) { return f.item == i; });
    if (listed != kDebateFailures.end()) {
      ++failures_seen;
      CHECK(std::abs(listed->paper.a - paper.a) < kTolerance);
      CHECK(std::abs(listed->paper.b - paper.b) < kTolerance);
      REQUIRE(failed.has_value());
      CHECK(failed->first == listed->role);
      CHECK(failed->second == listed->reason);
    } else if (failed) {
      FAIL_CHECK("role " << failed->first << ": " << failed->second);
    } else if (std::abs(sum.a / kDebateRoles - paper.a) < kTolerance &&
               std::abs(sum.b / kDebateRoles - paper.b) < kTolerance) {
      ++agreed;
    } else {
      FAIL_CHECK("paper " << paper.a << ", " << paper.b << "; pogen " << sum.a / kDebateRoles
                          << ", " << sum.b / kDebateRoles);
    }
  }
  CHECK(agreed == kItems - kDebateFailures.size());
  CHECK(failures_seen == kDebateFailures.size());
}
