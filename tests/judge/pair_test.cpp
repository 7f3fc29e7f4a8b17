// One judge on one pair: how the orders are chosen and how their judgments are combined.

#include <catch2/catch.hpp>

#include "core/sync_wait.hpp"
#include "judge/pair.hpp"
#include "judge_fixture.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using namespace pogen::testing;
using namespace pogen::testing::judging;

namespace {

Judgment scored(const std::string& order, std::optional<double> a, std::optional<double> b,
                JudgmentStatus status = JudgmentStatus::ok) {
  Judgment j;
  j.order = order;
  j.candidates = {0, 1};
  j.score_a = a;
  j.score_b = b;
  j.status = status;
  return j;
}

Judgment failed(const std::string& order, JudgmentStatus status) {
  return scored(order, std::nullopt, std::nullopt, status);
}

}  // namespace

TEST_CASE("combining the orders of one judge", "[judging]") {
  SECTION("both agree") {
    auto v = combine_orders(0, 1, "j", {scored("AB", 8, 6), scored("BA", 7, 4)});
    CHECK(v.verdict == metrics::Verdict::A);
    CHECK_FALSE(v.orders_disagree);
    CHECK(v.reason == "both orders agree");
    CHECK(*v.score_a == 7.5);
    CHECK(*v.score_b == 5);
    CHECK(v.judgments.size() == 2);
  }
  SECTION("both say tie") {
    auto v = combine_orders(0, 1, "j", {scored("AB", 6, 6), scored("BA", 7, 7)});
    CHECK(v.verdict == metrics::Verdict::tie);
    CHECK_FALSE(v.orders_disagree);
  }
  SECTION("one says tie, the other B: they disagree") {
    auto v = combine_orders(0, 1, "j", {scored("AB", 6, 6), scored("BA", 5, 7)});
    CHECK(v.verdict == metrics::Verdict::tie);
    CHECK(v.orders_disagree);
    CHECK(v.reason == "orders disagree (AB: tie, BA: B), so tie");
  }
  SECTION("AB failed: BA decides alone") {
    auto v = combine_orders(0, 1, "j",
                            {failed("AB", JudgmentStatus::transport_error), scored("BA", 3, 9)});
    CHECK(v.verdict == metrics::Verdict::B);
    CHECK_FALSE(v.orders_disagree);
    CHECK(v.reason == "BA alone: AB transport_error");
    CHECK(*v.score_a == 3);
    CHECK(*v.score_b == 9);
    CHECK(v.judgments.size() == 2);
  }
  SECTION("both failed: the verdict fails and has no scores") {
    auto v = combine_orders(
        0, 1, "j",
        {failed("AB", JudgmentStatus::truncated), failed("BA", JudgmentStatus::parse_failed)});
    CHECK_FALSE(v.verdict);
    CHECK(v.reason == "no usable judgment: AB truncated, BA parse_failed");
    CHECK_FALSE(v.score_a);
    CHECK_FALSE(v.score_b);
    auto json = to_json(v);
    CHECK(json["verdict"] == "failed");
    CHECK_FALSE(json.contains("score_a"));
  }
  SECTION("a single order") {
    auto v = combine_orders(0, 1, "j", {scored("BA", 2, 9)});
    CHECK(v.verdict == metrics::Verdict::B);
    CHECK(v.reason == "one order judged: BA");
  }
}

TEST_CASE("which orders a pair is judged in", "[judging]") {
  CHECK(pair_orders(SwapMode::both, "x", 0, 1) == std::vector<bool>{false, true});
  CHECK(pair_orders(SwapMode::none, "x", 0, 1) == std::vector<bool>{false});
  // FNV-1a 64 of "item-1\x1f" "0\x1f" "1" is odd, of "item-2\x1f" "0\x1f" "1" even (computed
  // independently with a few lines of Python).
  CHECK(random_order_is_ba("item-1", 0, 1));
  CHECK_FALSE(random_order_is_ba("item-2", 0, 1));
  CHECK_FALSE(random_order_is_ba("item-1", 0, 2));
  CHECK(random_order_is_ba("item-1", 1, 2));
  CHECK(pair_orders(SwapMode::random, "item-1", 0, 1) == std::vector<bool>{true});
  CHECK(pair_orders(SwapMode::random, "item-2", 0, 1) == std::vector<bool>{false});
  int ba = 0;
  for (int i = 0; i < 200; ++i) ba += random_order_is_ba("item-" + std::to_string(i), 0, 1);
  CHECK(ba == 100);
}

TEST_CASE("swap none and random judge one order only", "[judging]") {
  auto item = make_item({"Two.", "Seven."});
  auto judge = scoring_judge({{"Two.", 6}, {"Seven.", 9}});
  SECTION("none: AB") {
    auto config = make_config();
    config.swap = SwapMode::none;
    ScriptedChat chat(judge);
    auto v = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));
    REQUIRE(chat.calls.size() == 1);
    CHECK(shown(chat.calls[0], 'A') == "Two.");
    CHECK(v.reason == "one order judged: AB");
    CHECK(v.verdict == metrics::Verdict::B);
  }
  SECTION("random: BA for item-1's pair (0, 1), mapped back") {
    auto config = make_config();
    config.swap = SwapMode::random;
    ScriptedChat chat(judge);
    auto v = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));
    REQUIRE(chat.calls.size() == 1);
    CHECK(shown(chat.calls[0], 'A') == "Seven.");
    CHECK(v.reason == "one order judged: BA");
    CHECK(v.verdict == metrics::Verdict::B);
    CHECK(*v.score_a == 6);
  }
}

TEST_CASE("both orders are sent at once and may finish in any order", "[judging]") {
  auto config = make_config();
  auto item = make_item({"Two.", "Seven."});
  ScriptedChat chat(scoring_judge({{"Two.", 6}, {"Seven.", 9}}));
  chat.set_deferred(true);
  std::optional<PairVerdict> result;
  TaskScope scope;
  scope.spawn([](ScriptedChat& c, const JudgingConfig& cfg, const JudgeItem& it,
                 std::optional<PairVerdict>& out) -> Task<void> {
    out = co_await judge_pair(c, cfg, cfg.judges[0], it, 0, 1);
  }(chat, config, item, result));
  REQUIRE(chat.pending_calls() == std::vector<std::size_t>{0, 1});
  chat.complete(1);
  CHECK_FALSE(result);
  chat.complete(0);
  scope.rethrow_first_error();
  REQUIRE(result);
  CHECK(result->judgments[0].order == "AB");
  CHECK(result->judgments[1].order == "BA");
  CHECK(result->verdict == metrics::Verdict::B);
}

TEST_CASE("pair verdicts from independent scores", "[judging]") {
  Judgment of_a;
  of_a.candidates = {2};
  of_a.score = 7;
  Judgment of_b;
  of_b.candidates = {3};
  of_b.score = 7;
  auto v = pair_from_scores(2, 3, "j", of_a, of_b);
  CHECK(v.verdict == metrics::Verdict::tie);
  CHECK(v.reason == "independent scores");
  CHECK(v.judgments.empty());
  of_b.score.reset();
  of_b.status = JudgmentStatus::parse_failed;
  v = pair_from_scores(2, 3, "j", of_a, of_b);
  CHECK_FALSE(v.verdict);
  CHECK(v.reason == "no usable score: candidate 3 parse_failed");
}
