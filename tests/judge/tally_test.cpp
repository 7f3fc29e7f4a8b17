// JudgingTally's per-judge position consistency and its record of jury votes.

#include <catch2/catch.hpp>

#include "judge/tally.hpp"

namespace p = pogen::pipeline;
using pogen::metrics::Verdict;

namespace {

p::Judgment judgment(const std::string& model, const std::string& order, double a, double b) {
  p::Judgment j;
  j.model = model;
  j.order = order;
  j.score_a = a;
  j.score_b = b;
  return j;
}

// A single-judge verdict from both orders (scores in the original labels).
p::PairVerdict juror(const std::string& endpoint, const std::string& model, double ab_a,
                     double ab_b, double ba_a, double ba_b) {
  p::PairVerdict v;
  v.a = 0;
  v.b = 1;
  v.judge = endpoint;
  v.judgments = {judgment(model, "AB", ab_a, ab_b), judgment(model, "BA", ba_a, ba_b)};
  const auto ab = p::judgment_verdict(v.judgments[0]);
  const auto ba = p::judgment_verdict(v.judgments[1]);
  v.orders_disagree = ab != ba;
  v.verdict = v.orders_disagree ? Verdict::tie : *ab;
  return v;
}

p::JudgedItem jury_item(const std::string& id, std::vector<p::PairVerdict> jurors) {
  p::JudgedItem item;
  item.item.id = id;
  item.item.candidates = {{"first", "llama-2"}, {"second", "qwen-1"}};
  item.status = p::JudgedStatus::ok;
  p::Ranking ranking;
  p::PairVerdict pair;
  pair.a = 0;
  pair.b = 1;
  pair.verdict = Verdict::A;
  pair.jurors = std::move(jurors);
  ranking.pairs.push_back(std::move(pair));
  item.ranking = std::move(ranking);
  return item;
}

}  // namespace

TEST_CASE("tally: each juror's position consistency and the jury's votes per pair",
          "[judging][tally]") {
  p::JudgingTally tally;
  // Item 1: j1 consistent (A both orders), j2 flips. Item 2: both consistent.
  tally.add(
      jury_item("i1", {juror("j1", "llama-3", 8, 2, 7, 3), juror("j2", "qwen-7", 8, 2, 2, 8)}));
  tally.add(
      jury_item("i2", {juror("j1", "llama-3", 2, 8, 3, 7), juror("j2", "qwen-7", 5, 5, 5, 5)}));
  REQUIRE(tally.by_judge.size() == 2);
  CHECK(tally.by_judge["j1"].model == "llama-3");
  CHECK(tally.by_judge["j1"].pairs_both_orders == 2);
  CHECK(tally.by_judge["j1"].consistent == 2);
  CHECK(tally.by_judge["j2"].consistent == 1);
  CHECK(*tally.by_judge["j2"].consistency() == 0.5);
  CHECK(tally.pairs_both_orders == 4);
  CHECK(tally.position_flips == 1);

  REQUIRE(tally.jury_pairs.size() == 2);
  const auto& first = tally.jury_pairs[0];
  CHECK(first.item_id == "i1");
  CHECK(first.model_a == "llama-2");
  CHECK(first.model_b == "qwen-1");
  REQUIRE(first.votes.size() == 2);
  CHECK(first.votes[0].judge == "j1");
  CHECK(first.votes[0].model == "llama-3");
  CHECK(first.votes[0].verdict == Verdict::A);
  CHECK(first.votes[1].verdict == Verdict::tie);  // j2's orders disagreed
  CHECK(tally.jury_pairs[1].votes[0].verdict == Verdict::B);

  const auto json = p::to_json(tally);
  REQUIRE(json["by_judge"].size() == 2);
  CHECK(json["by_judge"][1]["judge"] == "j2");
  CHECK(json["by_judge"][1]["position_consistency"].get<double>() == 0.5);
  // Wilson, 1 of 2: [0.094531, 0.905469].
  CHECK(json["by_judge"][1]["position_consistency_interval"]["lower"].get<double>() ==
        Approx(0.0945312).epsilon(1e-6));
  CHECK(json["by_judge"][1]["position_consistency_interval"]["upper"].get<double>() ==
        Approx(0.9054688).epsilon(1e-6));
}

TEST_CASE("tally: a single judge has no jury votes, and no pair in both orders no entry",
          "[judging][tally]") {
  p::JudgingTally tally;
  p::JudgedItem item;
  item.item.id = "x";
  item.item.candidates = {{"a", "m1"}, {"b", "m2"}};
  item.status = p::JudgedStatus::ok;
  p::Ranking ranking;
  p::PairVerdict one = juror("judge", "gpt-4o", 8, 2, 7, 3);
  one.judgments.pop_back();  // AB only
  ranking.pairs.push_back(one);
  item.ranking = ranking;
  tally.add(item);
  CHECK(tally.by_judge.empty());
  CHECK(tally.jury_pairs.empty());
  CHECK(p::to_json(tally)["by_judge"].empty());
}
