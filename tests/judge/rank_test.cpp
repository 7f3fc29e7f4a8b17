// More than two candidates: round robin, tournament and independent scores.

#include <catch2/catch.hpp>

#include "core/sync_wait.hpp"
#include "judge/rank.hpp"
#include "judge_fixture.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using namespace pogen::testing;
using namespace pogen::testing::judging;

namespace {

std::vector<std::pair<int, int>> pairs_of(const Ranking& ranking) {
  std::vector<std::pair<int, int>> out;
  for (const auto& pair : ranking.pairs) out.emplace_back(pair.a, pair.b);
  return out;
}

}  // namespace

TEST_CASE("round robin judges every pair in both orders", "[judging]") {
  auto config = make_config();
  SECTION("3 candidates: 3 pairs, 6 calls") {
    auto item = make_item({"c0", "c1", "c2"});
    ScriptedChat chat(scoring_judge({{"c0", 5}, {"c1", 9}, {"c2", 7}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(chat.calls.size() == 6);
    CHECK(pairs_of(ranking) == std::vector<std::pair<int, int>>{{0, 1}, {0, 2}, {1, 2}});
    REQUIRE(ranking.standings.size() == 3);
    CHECK(ranking.standings[0].wins == 0);
    CHECK(ranking.standings[1].wins == 2);
    CHECK(ranking.standings[2].wins == 1);
    CHECK(ranking.standings[1].pairs == 2);
    CHECK(ranking.standings[1].scores == 4);
    CHECK(*ranking.standings[0].mean_score == 5);
    CHECK(ranking.best == 1);
    CHECK(ranking.worst == 0);
    CHECK(ranking.selection ==
          "round_robin: best 1 (wins 2, mean score 9), worst 0 (wins 0, mean score 5)");
    CHECK_FALSE(ranking.agreement);
    CHECK(ranking.scored.empty());
  }
  SECTION("4 candidates: 6 pairs, 12 calls; 6 with swap none") {
    auto item = make_item({"c0", "c1", "c2", "c3"});
    ScriptedChat chat(scoring_judge({{"c0", 5}, {"c1", 9}, {"c2", 7}, {"c3", 2}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(chat.calls.size() == 12);
    CHECK(pairs_of(ranking) ==
          std::vector<std::pair<int, int>>{{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}});
    CHECK(ranking.best == 1);
    CHECK(ranking.worst == 3);
    config.swap = SwapMode::none;
    ScriptedChat once(scoring_judge({{"c0", 5}, {"c1", 9}, {"c2", 7}, {"c3", 2}}));
    sync_wait(rank_candidates(once, config, item));
    CHECK(once.calls.size() == 6);
  }
  SECTION("ties count half; equal wins are split by mean score") {
    auto item = make_item({"c0", "c1", "c2"});
    // Slot A gets +2, so the close pair (0, 1) is a tie by disagreement, with means 6 and 6.5.
    ScriptedChat chat(scoring_judge({{"c0", 5}, {"c1", 5.5}, {"c2", 1}}, 2));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(ranking.pairs[0].verdict == metrics::Verdict::tie);
    CHECK(ranking.standings[0].wins == 1.5);
    CHECK(ranking.standings[1].wins == 1.5);
    CHECK(ranking.best == 1);
    CHECK(ranking.worst == 2);
    CHECK(ranking.selection ==
          "round_robin: best 1 (wins 1.5, mean score 6.5), worst 2 (wins 0, mean score 2)");
  }
  SECTION("every candidate equal: no preference") {
    auto item = make_item({"c0", "c1", "c2"});
    ScriptedChat chat(scoring_judge({{"c0", 6}, {"c1", 6}, {"c2", 6}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(ranking.standings[0].wins == 1);
    CHECK_FALSE(ranking.best);
    CHECK_FALSE(ranking.worst);
    CHECK(ranking.selection == "round_robin: no preference: every candidate has the same wins");
  }
  SECTION("a cycle of picks with no scores is no preference") {
    auto cfg = make_config(JudgeStrategy::comparison);
    auto item = make_item({"rock", "paper", "scissors"});
    auto beats = [](const std::string& x, const std::string& y) {
      return (x == "paper" && y == "rock") || (x == "scissors" && y == "paper") ||
             (x == "rock" && y == "scissors");
    };
    ScriptedChat chat([&](const RecordedCall& call) {
      return text_response(beats(shown(call, 'A'), shown(call, 'B')) ? "[[A]]" : "[[B]]");
    });
    auto ranking = sync_wait(rank_candidates(chat, cfg, item));
    CHECK(chat.calls.size() == 6);
    for (const auto& s : ranking.standings) {
      CHECK(s.wins == 1);
      CHECK_FALSE(s.mean_score);
    }
    CHECK_FALSE(ranking.best);
  }
  SECTION("a candidate whose pairs all failed is neither best nor worst") {
    auto item = make_item({"c0", "c1", "c2"});
    auto table = scoring_judge({{"c0", 5}, {"c1", 9}, {"c2", 1}});
    ScriptedChat chat([&](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
      if (shown(call, 'A') == "c2" || shown(call, 'B') == "c2") {
        return llm::Failure{llm::FailureKind::connection, 0, "reset", 1};
      }
      return table(call);
    });
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(ranking.standings[2].pairs == 2);
    CHECK(ranking.standings[2].wins == 0);
    CHECK_FALSE(ranking.standings[2].mean_score);
    CHECK(ranking.best == 1);
    CHECK(ranking.worst == 0);
  }
  SECTION("two candidates that tie make no preference pair") {
    auto item = make_item({"c0", "c1"});
    ScriptedChat chat([](const RecordedCall&) { return text_response(combined_reply(8, 5)); });
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(ranking.pairs.size() == 1);
    CHECK(ranking.pairs[0].orders_disagree);
    CHECK_FALSE(ranking.best);
    CHECK_FALSE(ranking.worst);
  }
  SECTION("one candidate: nothing to judge") {
    auto item = make_item({"c0"});
    ScriptedChat chat(scoring_judge({{"c0", 5}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(chat.calls.empty());
    CHECK(ranking.selection == "fewer than two candidates: nothing to judge");
    CHECK(ranking.standings.size() == 1);
  }
}

TEST_CASE("round robin sends every pair's calls at once; results keep the pair order",
          "[judging]") {
  auto config = make_config();
  auto item = make_item({"c0", "c1", "c2"});
  ScriptedChat chat(scoring_judge({{"c0", 5}, {"c1", 9}, {"c2", 7}}));
  chat.set_deferred(true);
  std::optional<Ranking> result;
  TaskScope scope;
  scope.spawn([](ScriptedChat& c, const JudgingConfig& cfg, const JudgeItem& it,
                 std::optional<Ranking>& out) -> Task<void> {
    out = co_await rank_candidates(c, cfg, it);
  }(chat, config, item, result));
  REQUIRE(chat.pending_calls() == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
  for (std::size_t i = 6; i-- > 0;) chat.complete(i);
  scope.rethrow_first_error();
  REQUIRE(result);
  CHECK(pairs_of(*result) == std::vector<std::pair<int, int>>{{0, 1}, {0, 2}, {1, 2}});
  CHECK(result->best == 1);
}

TEST_CASE("tournament: single elimination in index order with byes", "[judging]") {
  auto config = make_config();
  config.rank = RankMethod::tournament;
  SECTION("5 candidates: 4 matches, 8 calls") {
    auto item = make_item({"c0", "c1", "c2", "c3", "c4"});
    ScriptedChat chat(scoring_judge({{"c0", 3}, {"c1", 6}, {"c2", 8}, {"c3", 2}, {"c4", 5}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(chat.calls.size() == 8);
    CHECK(pairs_of(ranking) == std::vector<std::pair<int, int>>{{0, 1}, {2, 3}, {1, 2}, {2, 4}});
    CHECK(ranking.best == 2);
    CHECK(ranking.worst == 3);
    CHECK(ranking.selection ==
          "tournament: round 1: 1 beat 0, 2 beat 3, 4 bye; round 2: 2 beat 1, 4 bye; round 3: 2 "
          "beat 4; best 2 (won the final), worst 3 (mean score 2, wins 0)");
    CHECK(ranking.standings[2].wins == 3);
  }
  SECTION("a tie advances the higher mean score") {
    auto item = make_item({"c0", "c1"});
    // Slot A gets +2: AB 7 vs 5.5 (A), BA 7.5 vs 5 (B), so tie; means 6 and 6.5.
    ScriptedChat chat(scoring_judge({{"c0", 5}, {"c1", 5.5}}, 2));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(ranking.pairs[0].verdict == metrics::Verdict::tie);
    CHECK(ranking.best == 1);
    CHECK(ranking.worst == 0);
    CHECK(ranking.selection ==
          "tournament: round 1: 1 over 0 (tie, higher mean score); best 1 (won the final), "
          "worst 0 (mean score 6, wins 0.5)");
  }
  SECTION("a final decided by index alone is no preference") {
    auto item = make_item({"c0", "c1"});
    ScriptedChat chat(scoring_judge({{"c0", 5}, {"c1", 5}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK_FALSE(ranking.best);
    CHECK_FALSE(ranking.worst);
    CHECK(ranking.selection ==
          "tournament: round 1: 0 over 1 (tie, lower index); no preference: the final was not "
          "decided");
  }
  SECTION("comparison: worst is the fewest wins, then the lower index") {
    auto cfg = make_config(JudgeStrategy::comparison);
    cfg.rank = RankMethod::tournament;
    auto item = make_item({"c0", "c1", "c2", "c3"});
    std::map<std::string, int> strength = {{"c0", 3}, {"c1", 1}, {"c2", 0}, {"c3", 2}};
    ScriptedChat chat([&](const RecordedCall& call) {
      return text_response(strength.at(shown(call, 'A')) > strength.at(shown(call, 'B')) ? "[[A]]"
                                                                                         : "[[B]]");
    });
    auto ranking = sync_wait(rank_candidates(chat, cfg, item));
    CHECK(chat.calls.size() == 6);
    CHECK(ranking.best == 0);
    CHECK(ranking.worst == 1);
    CHECK(ranking.selection ==
          "tournament: round 1: 0 beat 1, 3 beat 2; round 2: 0 beat 3; best 0 (won the final), "
          "worst 1 (wins 0)");
  }
}

TEST_CASE("independent scoring: each candidate scored alone, once per judge", "[judging]") {
  SECTION("rank independent_scores") {
    auto config = make_config();
    config.rank = RankMethod::independent_scores;
    auto item = make_item({"c0", "c1", "c2"});
    ScriptedChat chat(scoring_judge({{"c0", 5}, {"c1", 9}, {"c2", 7}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    REQUIRE(chat.calls.size() == 3);
    CHECK(masked(chat.calls[2].request.messages[0].content) ==
          "Q: " + block("question", "Name a prime.") + "\n[Answer]\n" + block("answer", "c2") +
              "\nScore out of 10.");
    CHECK(ranking.pairs.empty());
    REQUIRE(ranking.scored.size() == 3);
    CHECK(ranking.scored[1].strategy == JudgeStrategy::independent);
    CHECK(*ranking.scored[1].score == 9);
    CHECK(ranking.best == 1);
    CHECK(ranking.worst == 0);
    CHECK(ranking.selection == "independent_scores: best 1 (mean score 9), worst 0 (mean score 5)");
  }
  SECTION("strategy independent with round robin derives every pair from n calls") {
    auto config = make_config(JudgeStrategy::independent);
    auto item = make_item({"c0", "c1", "c2", "c3"});
    ScriptedChat chat(scoring_judge({{"c0", 5}, {"c1", 9}, {"c2", 7}, {"c3", 7}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(chat.calls.size() == 4);
    REQUIRE(ranking.pairs.size() == 6);
    CHECK(ranking.pairs[5].verdict == metrics::Verdict::tie);
    CHECK(ranking.pairs[5].reason == "independent scores");
    CHECK(ranking.pairs[0].judgments.empty());
    CHECK(ranking.scored.size() == 4);
    CHECK(ranking.standings[2].wins == 1.5);
    CHECK(*ranking.standings[2].mean_score == 7);
    CHECK(ranking.best == 1);
    CHECK(ranking.worst == 0);
  }
  SECTION("a failed score leaves the candidate out") {
    auto config = make_config();
    config.rank = RankMethod::independent_scores;
    auto item = make_item({"c0", "c1", "c2"});
    auto table = scoring_judge({{"c0", 5}, {"c1", 9}, {"c2", 7}});
    ScriptedChat chat([&](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
      if (shown(call, 'X') == "c1") return text_response("Lovely.");
      return table(call);
    });
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(chat.calls.size() == 4);  // c1's follow-up
    CHECK(ranking.scored[1].status == JudgmentStatus::parse_failed);
    CHECK(ranking.best == 2);
    CHECK(ranking.worst == 0);
  }
}

TEST_CASE("a ranking serialises every pair and judgment", "[judging]") {
  auto config = make_config();
  auto item = make_item({"c0", "c1"});
  ScriptedChat chat(scoring_judge({{"c0", 4}, {"c1", 8}}));
  auto json = to_json(sync_wait(rank_candidates(chat, config, item)));
  CHECK(json["method"] == "round_robin");
  CHECK(json["best"] == 1);
  CHECK(json["worst"] == 0);
  REQUIRE(json["pairs"].size() == 1);
  CHECK(json["pairs"][0]["verdict"] == "B");
  CHECK(json["pairs"][0]["judgments"].size() == 2);
  CHECK(json["pairs"][0]["judgments"][1]["order"] == "BA");
  CHECK(json["pairs"][0]["judgments"][1]["score_a"] == 4);
  CHECK(json["standings"][1]["wins"] == 1);
  CHECK_FALSE(json.contains("scored"));
  CHECK_FALSE(json.contains("agreement"));
}
