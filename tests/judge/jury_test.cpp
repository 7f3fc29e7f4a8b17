// A jury: every judge judges as a single judge would; their verdicts are aggregated.

#include <catch2/catch.hpp>

#include "core/sync_wait.hpp"
#include "judge/jury.hpp"
#include "judge/rank.hpp"
#include "judge_fixture.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using namespace pogen::testing;
using namespace pogen::testing::judging;
using metrics::Verdict;

namespace {

std::vector<Vote> votes(std::initializer_list<std::optional<Verdict>> verdicts) {
  std::vector<Vote> out;
  for (const auto& verdict : verdicts) out.push_back({verdict, std::nullopt});
  return out;
}

// Each endpoint scores by its own table.
ScriptedChat::Responder jury(std::map<std::string, std::map<std::string, double>> tables) {
  return [tables = std::move(tables)](const RecordedCall& call) {
    return scoring_judge(tables.at(call.endpoint))(call);
  };
}

}  // namespace

TEST_CASE("counting votes", "[judging]") {
  SECTION("majority") {
    auto r = count_votes(votes({Verdict::A, Verdict::B, Verdict::A}), false, 1, "jurors");
    CHECK(r.verdict == Verdict::A);
    CHECK(r.reason == "majority vote of 3 jurors: A 2, B 1, tie 0");
  }
  SECTION("the most common verdicts tie: tie") {
    auto r = count_votes(votes({Verdict::A, Verdict::B}), false, 1, "jurors");
    CHECK(r.verdict == Verdict::tie);
    CHECK(r.reason ==
          "majority vote of 2 jurors: A 1, B 1, tie 0; the most common verdicts tie, so tie");
    r = count_votes(votes({Verdict::A, Verdict::B, Verdict::tie}), false, 1, "jurors");
    CHECK(r.verdict == Verdict::tie);
    r = count_votes(votes({Verdict::B, Verdict::B, Verdict::A, Verdict::A, Verdict::tie}), false, 1,
                    "jurors");
    CHECK(r.verdict == Verdict::tie);
    r = count_votes(votes({Verdict::tie, Verdict::tie, Verdict::A}), false, 1, "jurors");
    CHECK(r.verdict == Verdict::tie);
    CHECK(r.reason == "majority vote of 3 jurors: A 1, B 0, tie 2");
  }
  SECTION("failed jurors do not vote; below the quorum the pair fails") {
    auto r = count_votes(votes({Verdict::B, std::nullopt, std::nullopt}), false, 1, "jurors");
    CHECK(r.verdict == Verdict::B);
    CHECK(r.reason == "majority vote of 1 jurors: A 0, B 1, tie 0");
    r = count_votes(votes({Verdict::B, std::nullopt, std::nullopt}), false, 2, "jurors");
    CHECK_FALSE(r.verdict);
    CHECK(r.reason == "quorum not met: 1 of 3 jurors gave a usable verdict, 2 needed");
  }
  SECTION("mean score") {
    std::vector<Vote> scored = {{Verdict::A, metrics::ScorePair{8, 6}},
                                {Verdict::B, metrics::ScorePair{6, 7}},
                                {Verdict::A, metrics::ScorePair{7, 5}},
                                {std::nullopt, std::nullopt}};
    auto r = count_votes(scored, true, 3, "jurors");
    CHECK(r.verdict == Verdict::A);
    CHECK(*r.score_a == 7);
    CHECK(*r.score_b == 6);
    CHECK(r.reason == "mean score of 3 jurors: 7 vs 6");
    r = count_votes(scored, true, 4, "jurors");
    CHECK_FALSE(r.verdict);
    CHECK(r.reason == "quorum not met: 3 of 4 jurors gave usable scores, 4 needed");
  }
}

TEST_CASE("a jury of three judges a pair: every juror in both orders", "[judging]") {
  auto config = make_config(JudgeStrategy::combined, 3);
  auto item = make_item({"c0", "c1"});
  ScriptedChat chat(jury({{"judge-1", {{"c0", 4}, {"c1", 8}}},
                          {"judge-2", {{"c0", 5}, {"c1", 6}}},
                          {"judge-3", {{"c0", 9}, {"c1", 2}}}}));
  auto ranking = sync_wait(rank_candidates(chat, config, item));
  REQUIRE(chat.calls.size() == 6);
  std::map<std::string, int> per_judge;
  for (const auto& call : chat.calls) ++per_judge[call.endpoint];
  CHECK(per_judge == std::map<std::string, int>{{"judge-1", 2}, {"judge-2", 2}, {"judge-3", 2}});
  REQUIRE(ranking.pairs.size() == 1);
  const auto& pair = ranking.pairs[0];
  CHECK(pair.verdict == Verdict::B);
  CHECK(pair.reason == "majority vote of 3 jurors: A 1, B 2, tie 0");
  CHECK(pair.judgments.empty());
  CHECK(pair.judge.empty());
  REQUIRE(pair.jurors.size() == 3);
  CHECK(pair.jurors[2].judge == "judge-3");
  CHECK(pair.jurors[2].verdict == Verdict::A);
  CHECK(pair.jurors[2].judgments.size() == 2);
  CHECK(*pair.score_a == 6);  // mean over jurors of each juror's mean
  CHECK(ranking.best == 1);
  REQUIRE(ranking.agreement);
  CHECK(ranking.agreement->pairs == 1);
  CHECK(ranking.agreement->complete == 1);
  CHECK(ranking.agreement->unanimous == 0);
  CHECK(*ranking.agreement->unanimous_share == 0);
  // One item rated B, B, A: P = 2/6, Pe = (1/3)^2 + (2/3)^2 = 5/9, kappa = (1/3 - 5/9)/(4/9).
  CHECK(*ranking.agreement->fleiss_kappa == Approx(-0.5));
  auto json = to_json(ranking);
  CHECK(json["pairs"][0]["jurors"].size() == 3);
  CHECK(json["agreement"]["unanimous"] == 0);
}

TEST_CASE("jury: two jurors split, quorum, mean score", "[judging]") {
  auto item = make_item({"c0", "c1"});
  SECTION("one each way: tie") {
    auto config = make_config(JudgeStrategy::combined, 2);
    ScriptedChat chat(
        jury({{"judge-1", {{"c0", 4}, {"c1", 8}}}, {"judge-2", {{"c0", 9}, {"c1", 2}}}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(ranking.pairs[0].verdict == Verdict::tie);
    CHECK_FALSE(ranking.best);
  }
  SECTION("a juror whose calls fail does not count toward the quorum") {
    auto config = make_config(JudgeStrategy::combined, 3);
    config.quorum = 3;
    auto tables = jury({{"judge-1", {{"c0", 4}, {"c1", 8}}}, {"judge-2", {{"c0", 5}, {"c1", 6}}}});
    ScriptedChat chat([&](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
      if (call.endpoint == "judge-3") return llm::Failure{llm::FailureKind::auth, 401, "no", 1};
      return tables(call);
    });
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(chat.calls.size() == 6);
    const auto& pair = ranking.pairs[0];
    CHECK_FALSE(pair.verdict);
    CHECK(pair.reason == "quorum not met: 2 of 3 jurors gave a usable verdict, 3 needed");
    CHECK(pair.jurors[2].reason == "no usable judgment: AB transport_error, BA transport_error");
    CHECK_FALSE(ranking.best);
    CHECK(ranking.agreement->complete == 0);
    CHECK_FALSE(ranking.agreement->unanimous_share);
    CHECK_FALSE(ranking.agreement->fleiss_kappa);
  }
  SECTION("mean score across jurors") {
    auto config = make_config(JudgeStrategy::combined, 3);
    config.aggregation = JuryAggregation::mean_score;
    ScriptedChat chat(jury({{"judge-1", {{"c0", 4}, {"c1", 5}}},
                            {"judge-2", {{"c0", 4}, {"c1", 5}}},
                            {"judge-3", {{"c0", 10}, {"c1", 2}}}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(ranking.pairs[0].verdict == Verdict::A);  // majority would say B
    CHECK(ranking.pairs[0].reason == "mean score of 3 jurors: 6 vs 4");
  }
}

TEST_CASE("jury agreement over a round robin, and independent scoring by a jury", "[judging]") {
  auto item = make_item({"c0", "c1", "c2"});
  SECTION("unanimous on two pairs of three") {
    auto config = make_config(JudgeStrategy::combined, 2);
    ScriptedChat chat(jury({{"judge-1", {{"c0", 1}, {"c1", 5}, {"c2", 9}}},
                            {"judge-2", {{"c0", 1}, {"c1", 9}, {"c2", 5}}}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(chat.calls.size() == 12);
    REQUIRE(ranking.agreement);
    CHECK(ranking.agreement->pairs == 3);
    CHECK(ranking.agreement->unanimous == 2);
    CHECK(*ranking.agreement->unanimous_share == Approx(2.0 / 3));
    CHECK(ranking.agreement->fleiss_kappa);
  }
  SECTION("independent strategy: each juror scores each candidate once") {
    auto config = make_config(JudgeStrategy::independent, 2);
    ScriptedChat chat(jury({{"judge-1", {{"c0", 1}, {"c1", 5}, {"c2", 9}}},
                            {"judge-2", {{"c0", 1}, {"c1", 9}, {"c2", 5}}}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(chat.calls.size() == 6);
    CHECK(ranking.scored.size() == 6);
    REQUIRE(ranking.pairs.size() == 3);
    CHECK(ranking.pairs[2].jurors.size() == 2);
    CHECK(ranking.pairs[2].verdict == Verdict::tie);
    CHECK(ranking.pairs[0].verdict == Verdict::B);
    CHECK(ranking.agreement->unanimous == 2);
  }
}
