// The family measures of judge/self_bias: a model's family, jurors sharing one, and the
// family-preference score without labels.

#include <catch2/catch.hpp>

#include "judge/self_bias.hpp"

namespace p = pogen::pipeline;
using pogen::metrics::Verdict;

namespace {

const std::vector<std::string> kFamilies = {"llama", "qwen", "gpt"};

p::JuryPairVotes pair(const std::string& a, const std::string& b, std::optional<Verdict> llama,
                      std::optional<Verdict> qwen) {
  return {"id", a, b, {{"j1", "Llama-3-8B", llama}, {"j2", "qwen-7b", qwen}}};
}

}  // namespace

TEST_CASE("family_of: the first family entry in the name, else the model itself",
          "[judging][family]") {
  CHECK(p::family_of("Meta-Llama-3.1-70B", kFamilies) == "llama");
  CHECK(p::family_of("qwen2-gpt-merge", kFamilies) == "qwen");  // first in families order
  CHECK(p::family_of("mixtral-8x7b", kFamilies) == "mixtral-8x7b");
}

TEST_CASE("jurors sharing a family are listed per family, in config order", "[judging][family]") {
  const std::vector<std::pair<std::string, std::string>> jurors = {{"j1", "llama-3-8b"},
                                                                   {"j2", "qwen-7b"},
                                                                   {"j3", "Llama-3.1-70B"},
                                                                   {"j4", "qwen-7b"},
                                                                   {"j5", "mixtral"}};
  const auto shared = p::shared_jury_families(jurors, kFamilies);
  REQUIRE(shared.size() == 2);
  CHECK(shared[0].family == "llama");
  CHECK(shared[0].jurors == std::vector<std::string>{"j1", "j3"});
  CHECK(shared[1].family == "qwen");
  CHECK(shared[1].jurors == std::vector<std::string>{"j2", "j4"});
  CHECK(p::describe(shared[0]) ==
        "jurors \"j1\" (llama-3-8b) and \"j3\" (Llama-3.1-70B) share family \"llama\"; PoLL's "
        "advice is a jury of disjoint families (their shared preferences do not average out)");
  // The same unlisted model twice is one family, its name.
  const auto same = p::shared_jury_families({{"a", "mixtral"}, {"b", "mixtral"}}, kFamilies);
  REQUIRE(same.size() == 1);
  CHECK(same[0].family == "mixtral");
  CHECK(p::shared_jury_families({{"a", "llama-1"}}, kFamilies).empty());
  CHECK(p::shared_jury_families({{"a", "llama-1"}, {"b", "qwen"}}, kFamilies).empty());
}

TEST_CASE("family preference without labels: own-family jurors against the others, by hand",
          "[judging][family]") {
  const std::vector<p::JuryPairVotes> pairs = {
      pair("llama-2", "qwen-1", Verdict::A, Verdict::B),
      pair("llama-2", "qwen-1", Verdict::A, Verdict::A),
      pair("qwen-1", "llama-2", Verdict::B, Verdict::A),
      pair("llama-2", "mistral", Verdict::tie, Verdict::A),
      pair("llama-2", "gpt-4", Verdict::A, std::nullopt),  // the qwen juror gave no verdict
      pair("qwen-1", "qwen-2", Verdict::A, Verdict::B),    // no answer of one family alone
  };
  const auto report = p::family_preference(pairs, kFamilies);
  CHECK(report.not_applicable.empty());
  REQUIRE(report.families.size() == 2);
  // llama: pairs 1-4. The llama juror: for, for, for, tie -> 3 of 3. The qwen juror: against,
  // for, against, for -> 2 of 4. Score 1 - 0.5.
  const auto& llama = report.families[0];
  CHECK(llama.family == "llama");
  CHECK(llama.judges == std::vector<std::string>{"j1"});
  CHECK(llama.pairs == 4);
  CHECK(llama.own_for == 3);
  CHECK(llama.own_against == 0);
  CHECK(llama.other_for == 2);
  CHECK(llama.other_against == 2);
  CHECK(*llama.score() == Approx(0.5));
  // qwen: pairs 1-3 (pair 4 has no qwen answer, pair 5 no qwen verdict, pair 6 two). The qwen
  // juror: for, against, for -> 2/3; the llama juror: against three times -> 0.
  const auto& qwen = report.families[1];
  CHECK(qwen.family == "qwen");
  CHECK(qwen.pairs == 3);
  CHECK(*qwen.own_rate() == Approx(2.0 / 3));
  CHECK(*qwen.other_rate() == 0);
  CHECK(*qwen.score() == Approx(2.0 / 3));
}

TEST_CASE("family preference: a seeded bootstrap interval over the counted pairs",
          "[judging][family]") {
  std::vector<p::JuryPairVotes> pairs;
  for (int i = 0; i < 30; ++i) {
    // The llama juror picks the llama answer 4 times in 5, the qwen juror 2 times in 5.
    pairs.push_back(pair("llama-2", "qwen-1", i % 5 == 0 ? Verdict::B : Verdict::A,
                         i % 5 < 2 ? Verdict::A : Verdict::B));
  }
  const auto report = p::family_preference(pairs, kFamilies, {400, 3});
  const auto& llama = report.families[0];
  CHECK(*llama.score() == Approx(0.8 - 0.4));
  REQUIRE(llama.score_interval.interval);
  CHECK(llama.score_interval.resamples == 400);
  CHECK(llama.score_interval.interval->lower < 0.4);
  CHECK(llama.score_interval.interval->upper > 0.4);
  const auto again = p::family_preference(pairs, kFamilies, {400, 3});
  CHECK(again.families[0].score_interval.interval->upper == llama.score_interval.interval->upper);
  CHECK_FALSE(p::family_preference(pairs, kFamilies, {0, 3}).families[0].score_interval.interval);
}

TEST_CASE("family preference is n/a for a single judge and for a one-family jury",
          "[judging][family]") {
  const auto single = p::family_preference({}, kFamilies);
  CHECK(single.families.empty());
  CHECK(single.not_applicable.find("no jury verdicts") == 0);
  const std::vector<p::JuryPairVotes> same = {
      {"id",
       "llama-2",
       "qwen-1",
       {{"j1", "llama-3", Verdict::A}, {"j2", "llama-3.1", Verdict::A}}}};
  const auto one_family = p::family_preference(same, kFamilies);
  CHECK(one_family.families.empty());
  CHECK(one_family.not_applicable ==
        "every juror is of family \"llama\": no judge of another family to compare with");
  // Only ties from one side: that share is undefined, and so is the score.
  const std::vector<p::JuryPairVotes> ties = {pair("llama-2", "qwen-1", Verdict::tie, Verdict::A)};
  const auto tied = p::family_preference(ties, kFamilies);
  CHECK_FALSE(tied.families[0].own_rate());
  CHECK_FALSE(tied.families[0].score());
  CHECK(tied.families[0].pairs == 1);
}
