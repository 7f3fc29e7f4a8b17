#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "select/selection.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using metrics::Verdict;

namespace {

// Candidate i has text "answer i" and the given score (nullopt: no score).
std::vector<SelectionCandidate> scored(std::vector<std::optional<double>> scores) {
  std::vector<SelectionCandidate> out;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    out.push_back({"answer " + std::to_string(i), true, scores[i]});
  }
  return out;
}

SelectionConfig mode(PairMode m, double margin = 1.0) {
  SelectionConfig c;
  c.mode = m;
  c.min_margin = margin;
  return c;
}

struct Edge {
  std::size_t chosen, rejected;
  bool operator==(const Edge&) const = default;
};

std::vector<Edge> edges(const Selection& s) {
  std::vector<Edge> out;
  for (const auto& p : s.pairs) out.push_back({p.chosen, p.rejected});
  return out;
}

std::vector<std::string> reasons(const Selection& s) {
  std::vector<std::string> out;
  for (const auto& d : s.decisions) out.push_back(d.reason);
  return out;
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<Edge> {
  static std::string convert(const Edge& e) {
    return std::to_string(e.chosen) + ">" + std::to_string(e.rejected);
  }
};
}  // namespace Catch

TEST_CASE("best-vs-worst makes one pair, best chosen and worst rejected", "[selection]") {
  auto s = select_pairs(scored({5.0, 9.0, 2.0, 6.0}), {}, mode(PairMode::best_vs_worst));
  REQUIRE(edges(s) == std::vector<Edge>{{1, 2}});
  CHECK(s.pairs[0].chosen_score == 9.0);
  CHECK(s.pairs[0].rejected_score == 2.0);
  CHECK(s.pairs[0].gap() == 7.0);
  REQUIRE(s.decisions.size() == 1);
  CHECK(s.decisions[0].first == 1);
  CHECK(s.decisions[0].second == std::optional<std::size_t>{2});
  CHECK(s.decisions[0].kept);
  CHECK(s.decisions[0].reason == "kept");
}

TEST_CASE("equal best scores go to the lower index, equal worst scores too", "[selection]") {
  auto s = select_pairs(scored({3.0, 8.0, 3.0, 8.0}), {}, mode(PairMode::best_vs_worst));
  CHECK(edges(s) == std::vector<Edge>{{1, 0}});
}

TEST_CASE("all equal scores: best-vs-worst records a tie and makes no pair", "[selection]") {
  auto s = select_pairs(scored({6.0, 6.0, 6.0}), {}, mode(PairMode::best_vs_worst));
  CHECK(s.pairs.empty());
  REQUIRE(s.decisions.size() == 1);
  CHECK(s.decisions[0].first == 0);
  CHECK(s.decisions[0].second == std::optional<std::size_t>{1});
  CHECK_FALSE(s.decisions[0].kept);
  CHECK(s.decisions[0].reason == "tie");
}

TEST_CASE("a tie is dropped even with a zero margin", "[selection]") {
  auto s = select_pairs(scored({7.0, 7.0}), {}, mode(PairMode::best_vs_worst, 0.0));
  CHECK(s.pairs.empty());
  CHECK(reasons(s) == std::vector<std::string>{"tie"});
}

TEST_CASE("a zero margin keeps any strict gap", "[selection]") {
  auto s = select_pairs(scored({7.0, 6.9}), {}, mode(PairMode::best_vs_worst, 0.0));
  CHECK(edges(s) == std::vector<Edge>{{0, 1}});
}

TEST_CASE("a gap below the margin is dropped with both numbers in the reason", "[selection]") {
  auto s = select_pairs(scored({7.5, 7.0}), {}, mode(PairMode::best_vs_worst, 1.0));
  CHECK(s.pairs.empty());
  CHECK(reasons(s) == std::vector<std::string>{"margin 0.5 below 1.0"});

  auto odd = select_pairs(scored({7.3, 6.9}), {}, mode(PairMode::best_vs_worst, 1.5));
  CHECK(reasons(odd) == std::vector<std::string>{"margin 0.4 below 1.5"});
}

TEST_CASE("a gap equal to the margin passes, float noise included", "[selection]") {
  CHECK(edges(select_pairs(scored({8.0, 7.0}), {}, mode(PairMode::best_vs_worst, 1.0))) ==
        std::vector<Edge>{{0, 1}});
  // 8.2 - 7.2 is 0.9999999999999991 in doubles.
  REQUIRE(8.2 - 7.2 < 1.0);
  CHECK(edges(select_pairs(scored({8.2, 7.2}), {}, mode(PairMode::best_vs_worst, 1.0))) ==
        std::vector<Edge>{{0, 1}});
}

TEST_CASE("identical texts, also after whitespace normalization, are never paired", "[selection]") {
  auto candidates = scored({9.0, 2.0});
  candidates[0].text = "  The sky\n\tis blue. ";
  candidates[1].text = "The sky is\r\n blue.";
  auto s = select_pairs(candidates, {}, mode(PairMode::best_vs_worst));
  CHECK(s.pairs.empty());
  CHECK(reasons(s) == std::vector<std::string>{"identical texts"});
  CHECK(s.kto.empty());

  candidates[1].text = "The sky is blue!";
  CHECK(edges(select_pairs(candidates, {}, mode(PairMode::best_vs_worst))) ==
        std::vector<Edge>{{0, 1}});
}

TEST_CASE("unusable and unscored candidates never take part", "[selection]") {
  auto candidates = scored({9.5, std::nullopt, 8.0, 1.0});
  candidates[0].usable = false;  // would be best
  candidates[3].usable = false;  // would be worst
  auto s = select_pairs(candidates, {}, mode(PairMode::all_pairs));
  CHECK(s.pairs.empty());
  REQUIRE(s.decisions.size() == 3);
  CHECK(s.decisions[0].first == 0);
  CHECK_FALSE(s.decisions[0].second);
  CHECK(s.decisions[0].reason == "unusable");
  CHECK(s.decisions[1].first == 1);
  CHECK(s.decisions[1].reason == "no score");
  CHECK(s.decisions[2].first == 3);
  CHECK(s.decisions[2].reason == "unusable");
  CHECK(s.kto.empty());
}

TEST_CASE("the worst usable candidate is paired, not an unusable one", "[selection]") {
  auto candidates = scored({9.0, 1.0, 5.0});
  candidates[1].usable = false;
  auto s = select_pairs(candidates, {}, mode(PairMode::best_vs_worst));
  CHECK(edges(s) == std::vector<Edge>{{0, 2}});
  CHECK(reasons(s) == std::vector<std::string>{"unusable", "kept"});
}

TEST_CASE("best-vs-rest pairs the best with every other candidate", "[selection]") {
  auto s = select_pairs(scored({6.0, 9.0, 8.5, 3.0}), {}, mode(PairMode::best_vs_rest));
  CHECK(edges(s) == std::vector<Edge>{{1, 3}, {1, 0}});
  CHECK(reasons(s) == std::vector<std::string>{"kept", "margin 0.5 below 1.0", "kept"});
  CHECK(s.decisions[1].first == 1);
  CHECK(s.decisions[1].second == std::optional<std::size_t>{2});
}

TEST_CASE("all-pairs takes every pair with the higher score as chosen", "[selection]") {
  auto s = select_pairs(scored({4.0, 9.0, 6.0}), {}, mode(PairMode::all_pairs));
  CHECK(edges(s) == std::vector<Edge>{{1, 0}, {1, 2}, {2, 0}});
  REQUIRE(s.decisions.size() == 3);
  CHECK(reasons(s) == std::vector<std::string>{"kept", "kept", "kept"});
  CHECK(s.decisions[0].first == 1);  // (0, 1) is considered first; 1 scored higher
  CHECK(s.decisions[0].second == std::optional<std::size_t>{0});
  CHECK(s.decisions[1].first == 2);
  CHECK(s.decisions[1].second == std::optional<std::size_t>{0});
  CHECK(s.decisions[2].first == 1);
  CHECK(s.decisions[2].second == std::optional<std::size_t>{2});
}

TEST_CASE("all-pairs drops ties and close pairs", "[selection]") {
  auto s = select_pairs(scored({5.0, 5.0, 8.0, 5.5}), {}, mode(PairMode::all_pairs));
  CHECK(reasons(s) == std::vector<std::string>{"tie", "kept", "margin 0.5 below 1.0", "kept",
                                               "margin 0.5 below 1.0", "kept"});
  CHECK(edges(s) == std::vector<Edge>{{2, 0}, {2, 1}, {2, 3}});
}

TEST_CASE("max_pairs keeps the largest gaps, then lower chosen, then lower rejected",
          "[selection]") {
  auto config = mode(PairMode::all_pairs);
  config.max_pairs_per_prompt = 3;
  // Gaps: 2>0 6, 2>1 6, 2>3 2, 3>0 4, 3>1 4, 1 vs 0 tie.
  auto s = select_pairs(scored({2.0, 2.0, 8.0, 6.0}), {}, config);
  CHECK(edges(s) == std::vector<Edge>{{2, 0}, {2, 1}, {3, 0}});
  CHECK(reasons(s) == std::vector<std::string>{"tie", "kept", "kept", "kept", "max_pairs reached",
                                               "max_pairs reached"});
  CHECK_FALSE(s.decisions[4].kept);
  CHECK(s.decisions[4].first == 3);
  CHECK(s.decisions[4].second == std::optional<std::size_t>{1});
  CHECK_FALSE(s.decisions[5].kept);
  CHECK(s.decisions[5].first == 2);
  CHECK(s.decisions[5].second == std::optional<std::size_t>{3});
}

TEST_CASE("without max_pairs every kept pair is listed, largest gap first", "[selection]") {
  auto s = select_pairs(scored({2.0, 2.0, 8.0, 6.0}), {}, mode(PairMode::all_pairs));
  CHECK(edges(s) == std::vector<Edge>{{2, 0}, {2, 1}, {3, 0}, {3, 1}, {2, 3}});
}

TEST_CASE("a direct verdict that does not favour the chosen one vetoes the pair", "[selection]") {
  auto candidates = scored({9.0, 3.0});
  auto config = mode(PairMode::best_vs_worst);
  auto run = [&](PairwiseVerdict v) { return select_pairs(candidates, {v}, config); };

  CHECK(reasons(run({0, 1, Verdict::tie})) ==
        std::vector<std::string>{"judged tie in direct comparison"});
  CHECK(reasons(run({0, 1, Verdict::B})) ==
        std::vector<std::string>{"direct comparison favours the rejected candidate"});
  CHECK(reasons(run({1, 0, Verdict::A})) ==
        std::vector<std::string>{"direct comparison favours the rejected candidate"});
  CHECK(reasons(run({0, 1, std::nullopt})) == std::vector<std::string>{"direct comparison failed"});
  CHECK(run({0, 1, Verdict::tie}).pairs.empty());
  CHECK(run({0, 1, Verdict::tie}).kto.empty());

  CHECK(edges(run({0, 1, Verdict::A})) == std::vector<Edge>{{0, 1}});
  CHECK(edges(run({1, 0, Verdict::B})) == std::vector<Edge>{{0, 1}});
}

TEST_CASE("verdicts on other pairs do not veto", "[selection]") {
  auto s = select_pairs(scored({9.0, 3.0, 5.0}), {{0, 2, Verdict::tie}, {1, 2, std::nullopt}},
                        mode(PairMode::best_vs_worst));
  CHECK(edges(s) == std::vector<Edge>{{0, 1}});
}

TEST_CASE("the first vetoing verdict on a pair gives the reason", "[selection]") {
  auto s = select_pairs(scored({9.0, 3.0}),
                        {{0, 1, Verdict::A}, {1, 0, Verdict::tie}, {0, 1, std::nullopt}},
                        mode(PairMode::best_vs_worst));
  CHECK(reasons(s) == std::vector<std::string>{"judged tie in direct comparison"});
}

TEST_CASE("fewer than two participants: no pair, no label", "[selection]") {
  auto one = select_pairs(scored({9.0, std::nullopt}), {}, mode(PairMode::all_pairs));
  CHECK(one.pairs.empty());
  CHECK(one.kto.empty());
  CHECK(reasons(one) == std::vector<std::string>{"no score"});
  auto none = select_pairs({}, {}, SelectionConfig{});
  CHECK(none.pairs.empty());
  CHECK(none.decisions.empty());
}

TEST_CASE("bad inputs are the caller's bug and throw", "[selection]") {
  CHECK_THROWS_WITH(select_pairs(scored({1.0, 2.0}), {{0, 2, Verdict::A}}, SelectionConfig{}),
                    "select_pairs: a verdict on candidates 0 and 2 names a candidate beyond the "
                    "2 given");
  CHECK_THROWS_AS(select_pairs(scored({1.0, 2.0}), {{0, 2, Verdict::A}}, SelectionConfig{}),
                  std::invalid_argument);
  CHECK_THROWS_WITH(
      select_pairs(scored({1.0, std::numeric_limits<double>::quiet_NaN()}), {}, SelectionConfig{}),
      "select_pairs: candidate 1 has a score that is not a finite number");
  // An unusable candidate's score is never read.
  auto candidates = scored({1.0, std::numeric_limits<double>::infinity(), 8.0});
  candidates[1].usable = false;
  CHECK(edges(select_pairs(candidates, {}, SelectionConfig{})) == std::vector<Edge>{{2, 0}});
}

TEST_CASE("KTO by rank: best desirable, worst undesirable, others unlabelled", "[selection]") {
  auto s = select_pairs(scored({5.0, 9.0, 2.0, 6.0}), {}, SelectionConfig{});
  REQUIRE(s.kto.size() == 2);
  CHECK(s.kto[0].candidate == 1);
  CHECK(s.kto[0].desirable);
  CHECK(s.kto[0].score == 9.0);
  CHECK(s.kto[1].candidate == 2);
  CHECK_FALSE(s.kto[1].desirable);
  CHECK(s.kto[1].score == 2.0);
}

TEST_CASE("KTO by rank labels nothing when best and worst are not separated", "[selection]") {
  CHECK(select_pairs(scored({7.0, 6.5}), {}, SelectionConfig{}).kto.empty());
  CHECK(select_pairs(scored({7.0, 7.0}), {}, SelectionConfig{}).kto.empty());
  CHECK(select_pairs(scored({9.0, 2.0}), {{0, 1, Verdict::B}}, SelectionConfig{}).kto.empty());
}

TEST_CASE("KTO by rank does not depend on the pair mode or max_pairs", "[selection]") {
  auto config = mode(PairMode::all_pairs);
  config.max_pairs_per_prompt = 1;
  auto s = select_pairs(scored({5.0, 9.0, 2.0}), {}, config);
  CHECK(edges(s) == std::vector<Edge>{{1, 2}});
  REQUIRE(s.kto.size() == 2);
  CHECK(s.kto[0].candidate == 1);
  CHECK(s.kto[1].candidate == 2);
}

TEST_CASE("KTO by threshold labels every scored usable candidate past a threshold", "[selection]") {
  SelectionConfig config;
  config.kto = KtoLabeling::by_threshold;
  auto candidates = scored({7.0, 6.9, 4.0, 4.1, 9.0, std::nullopt, 0.0});
  candidates[6].usable = false;
  auto s = select_pairs(candidates, {}, config);
  REQUIRE(s.kto.size() == 3);
  CHECK(s.kto[0].candidate == 0);
  CHECK(s.kto[0].desirable);
  CHECK(s.kto[1].candidate == 2);
  CHECK_FALSE(s.kto[1].desirable);
  CHECK(s.kto[1].score == 4.0);
  CHECK(s.kto[2].candidate == 4);
  CHECK(s.kto[2].desirable);
}

TEST_CASE("KTO by threshold labels a lone candidate", "[selection]") {
  SelectionConfig config;
  config.kto = KtoLabeling::by_threshold;
  auto s = select_pairs(scored({2.0}), {}, config);
  REQUIRE(s.kto.size() == 1);
  CHECK_FALSE(s.kto[0].desirable);
  CHECK(s.pairs.empty());
}

TEST_CASE("validate reports every config problem", "[selection]") {
  CHECK(validate(SelectionConfig{}).empty());

  SelectionConfig bad;
  bad.min_margin = -1;
  bad.max_pairs_per_prompt = 0;
  bad.kto = KtoLabeling::by_threshold;
  bad.kto_desirable_min = 4.0;
  bad.kto_undesirable_max = 4.0;
  CHECK(validate(bad) == std::vector<std::string>{"min_margin must be between 0 and 10, got -1.0",
                                                  "max_pairs_per_prompt must be at least 1, got 0",
                                                  "kto_desirable_min (4.0) must be greater than "
                                                  "kto_undesirable_max (4.0)"});

  SelectionConfig wide;
  wide.min_margin = 10.5;
  wide.kto = KtoLabeling::by_threshold;
  wide.kto_desirable_min = std::numeric_limits<double>::quiet_NaN();
  CHECK(validate(wide) ==
        std::vector<std::string>{"min_margin must be between 0 and 10, got 10.5",
                                 "kto_desirable_min must be a finite number, got nan",
                                 "kto_desirable_min (nan) must be greater than "
                                 "kto_undesirable_max (4.0)"});
}

TEST_CASE("validate ignores KTO thresholds when labelling by rank", "[selection]") {
  SelectionConfig config;
  config.kto_desirable_min = 2.0;
  config.kto_undesirable_max = 8.0;
  CHECK(validate(config).empty());
  config.kto = KtoLabeling::by_threshold;
  CHECK(validate(config) ==
        std::vector<std::string>{
            "kto_desirable_min (2.0) must be greater than kto_undesirable_max (8.0)"});
}

TEST_CASE("mode and labeling names round-trip", "[selection]") {
  for (auto m : {PairMode::best_vs_worst, PairMode::best_vs_rest, PairMode::all_pairs}) {
    CHECK(parse_enum<PairMode>(name_of(m)) == m);
  }
  CHECK(std::string(name_of(PairMode::best_vs_rest)) == "best-vs-rest");
  CHECK(std::string(name_of(PairMode::all_pairs)) == "all-pairs");
  CHECK(std::string(name_of(PairMode::best_vs_worst)) == "best-vs-worst");
  CHECK_FALSE(parse_enum<PairMode>("best_vs_worst"));
  CHECK(parse_enum<KtoLabeling>("by-rank") == KtoLabeling::by_rank);
  CHECK(parse_enum<KtoLabeling>("by-threshold") == KtoLabeling::by_threshold);
  CHECK_FALSE(parse_enum<KtoLabeling>("threshold"));
}

TEST_CASE("KTO balance counts labels over many items", "[selection]") {
  KtoBalance balance;
  tally_kto(balance, {{0, true, 9.0}, {1, true, 8.0}});
  CHECK(balance.desirable == 2);
  CHECK(balance.undesirable == 0);
  CHECK_FALSE(balance.ratio);
  tally_kto(balance, {{2, false, 1.0}});
  tally_kto(balance, {});
  tally_kto(balance, {{0, true, 7.0}, {3, false, 2.0}});
  CHECK(balance.desirable == 3);
  CHECK(balance.undesirable == 2);
  CHECK(balance.ratio == std::optional<double>{1.5});
}

TEST_CASE("a selection serializes for records.jsonl", "[selection]") {
  auto candidates = scored({9.0, 2.0, std::nullopt});
  // Candidates by the names given (records.jsonl: generation ids), not by position.
  const std::vector<std::string> ids = {"c1", "c3", "c4"};
  auto json = to_json(select_pairs(candidates, {}, SelectionConfig{}), ids);
  CHECK(json.dump() ==
        R"({"decisions":[{"first":"c4","kept":false,"reason":"no score"},)"
        R"({"first":"c1","kept":true,"reason":"kept","second":"c3"}],)"
        R"("kto":[{"candidate":"c1","desirable":true,"score":9.0},)"
        R"({"candidate":"c3","desirable":false,"score":2.0}],)"
        R"("pairs":[{"chosen":"c1","chosen_score":9.0,"rejected":"c3","rejected_score":2.0}]})");
}
