#include "eval/self_preference.hpp"

#include <catch2/catch.hpp>

namespace e = pogen::eval;
using pogen::metrics::Verdict;

TEST_CASE("self-preference score: judge rate minus human rate on the same pairs",
          "[eval][self_preference]") {
  // Own side A, A, B, B. Judge: A, A, A, tie -> own 2, other 1 (2/3). Humans: A, B, B, A ->
  // own 2, other 2 (1/2). Score 2/3 - 1/2 = 1/6.
  const std::vector<e::SelfPreferenceItem> items = {{Verdict::A, Verdict::A, Verdict::A, 0},
                                                    {Verdict::A, Verdict::A, Verdict::B, 1},
                                                    {Verdict::B, Verdict::A, Verdict::B, 2},
                                                    {Verdict::B, Verdict::tie, Verdict::A, 3}};
  const auto p = e::self_preference(items);
  CHECK(p.items == 4);
  CHECK(*p.judge_rate() == Approx(2.0 / 3));
  CHECK(*p.human_rate() == Approx(0.5));
  CHECK(*p.score() == Approx(1.0 / 6));
  const auto json = e::to_json(p);
  CHECK(json["score"].get<double>() == Approx(1.0 / 6));
  CHECK_FALSE(e::self_preference({}).score());
}

TEST_CASE("self-preference: several judges' verdicts on one pair count the label once",
          "[eval][self_preference]") {
  // Pair 0 judged by two jurors of the family (own, own), human own; pair 1 by one (other),
  // human other. Judge 2 of 3, humans 1 of 2.
  const std::vector<e::SelfPreferenceItem> items = {{Verdict::A, Verdict::A, Verdict::A, 0},
                                                    {Verdict::A, Verdict::A, Verdict::A, 0},
                                                    {Verdict::B, Verdict::A, Verdict::A, 1}};
  const auto p = e::self_preference(items);
  CHECK(p.items == 2);
  CHECK(p.judge_own == 2);
  CHECK(p.judge_other == 1);
  CHECK(p.human_own == 1);
  CHECK(p.human_other == 1);
  CHECK(*p.score() == Approx(2.0 / 3 - 0.5));
}

TEST_CASE("self-preference: a bootstrap interval over pairs", "[eval][self_preference]") {
  std::vector<e::SelfPreferenceItem> items;
  for (std::size_t i = 0; i < 40; ++i) {
    items.push_back({Verdict::A, i % 4 == 0 ? Verdict::B : Verdict::A,
                     i % 2 == 0 ? Verdict::A : Verdict::B, i});
  }
  const auto report = e::self_preference_report(items, {300, 11});
  // Judge 30 of 40 own, humans 20 of 40: 0.25.
  CHECK(*report.point.score() == Approx(0.25));
  REQUIRE(report.score.interval);
  CHECK(report.score.resamples == 300);
  CHECK(report.score.interval->lower < 0.25);
  CHECK(report.score.interval->upper > 0.25);
  CHECK(e::self_preference_report(items, {300, 11}).score.interval->lower ==
        report.score.interval->lower);
  const auto json = e::to_json(report);
  CHECK(json["score_interval"]["lower"].is_number());
  // Every label missing: the human rate and the score are undefined, and so is every resample.
  std::vector<e::SelfPreferenceItem> unlabelled = {{Verdict::A, Verdict::A, std::nullopt, 0}};
  const auto none = e::self_preference_report(unlabelled, {50, 1});
  CHECK_FALSE(none.point.score());
  CHECK_FALSE(none.score.interval);
  CHECK(none.score.undefined == 50);
}
