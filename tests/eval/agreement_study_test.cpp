#include "eval/agreement_study.hpp"

#include <catch2/catch.hpp>

#include "eval/study_report.hpp"
#include "eval_fixture.hpp"

using pogen::eval::FailurePolicy;
using pogen::eval::LabelSource;
using pogen::eval::StudyOptions;
using pogen::eval::testing::input_error;
using pogen::eval::testing::read;
using pogen::eval::testing::TempDir;
namespace e = pogen::eval;

namespace {

// One verdict a line, "-" for none: {"id": "i<n>", "v": ...}.
std::string verdict_lines(const std::string& verdicts, bool ids = true) {
  std::string out;
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const std::string id = ids ? "\"id\": \"i" + std::to_string(i) + "\", " : "";
    const char v = verdicts[i];
    const std::string value = v == '-'   ? "null"
                              : v == 'T' ? "\"tie\""
                                         : std::string("\"") + v + "\"";
    out += "{" + id + "\"v\": " + value + "}\n";
  }
  return out;
}

std::vector<LabelSource> sources(const TempDir& dir, const std::vector<std::string>& verdicts) {
  std::vector<LabelSource> out;
  for (std::size_t s = 0; s < verdicts.size(); ++s) {
    const auto path = dir.write("r" + std::to_string(s) + ".jsonl", verdict_lines(verdicts[s]));
    out.push_back(read(path + ":verdict=v,name=r" + std::to_string(s)));
  }
  return out;
}

e::StudyResult study(const std::vector<LabelSource>& in, const StudyOptions& options = {}) {
  return e::run_study(in, e::match_items(in, false), options);
}

}  // namespace

TEST_CASE("kappa and accuracy against the reference match the hand computation", "[eval][study]") {
  TempDir dir;
  // The hand example of tests/metrics/agreement_test.cpp: kappa 6/11, accuracy 0.7.
  const auto result = study(sources(dir, {"AAAABBBTTT", "AAABABBBTT"}));
  REQUIRE(result.judges.size() == 1);
  const auto& judge = result.judges[0];
  CHECK(result.matched_by_id);
  CHECK(judge.items == 10);
  CHECK(*judge.agreement.point.kappa == Approx(6.0 / 11.0).margin(1e-15));
  CHECK(*judge.agreement.point.accuracy == Approx(0.7).margin(1e-15));
  CHECK(judge.agreement.point.matrix.at(pogen::metrics::Verdict::tie, pogen::metrics::Verdict::B) ==
        1);
}

TEST_CASE("perfect, opposite and one-class raters", "[eval][study]") {
  TempDir dir;
  const auto result = study(sources(dir, {"ABAB", "ABAB", "BABA", "AAAA"}));
  CHECK(result.judges[0].agreement.point.kappa == 1.0);
  CHECK(*result.judges[1].agreement.point.kappa == -1.0);
  CHECK(result.judges[2].agreement.point.kappa == 0.0);
  TempDir other;
  const auto single = study(sources(other, {"AAA", "AAA"}));
  CHECK_FALSE(single.judges[0].agreement.point.kappa.has_value());
  CHECK(single.judges[0].agreement.point.accuracy == 1.0);
  const std::string table = e::study_table(single, {});
  CHECK_THAT(table, Catch::Contains("n/a"));
  CHECK(e::study_json(single, {}, false)["judges"][0]["agreement"]["kappa"].is_null());
}

TEST_CASE("judge failures are left out and listed, or counted as ties", "[eval][study]") {
  TempDir dir;
  const auto in = sources(dir, {"ABTA", "AB-A"});
  auto result = study(in);
  const auto& judge = result.judges[0];
  REQUIRE(judge.failures.size() == 1);
  CHECK(judge.failures[0].line == 3);
  CHECK(judge.failures[0].id == "i2");
  CHECK(judge.failures[0].reason == "field v is null");
  CHECK(judge.agreement.point.matrix.total() == 3);
  CHECK(judge.agreement.point.accuracy == 1.0);
  StudyOptions as_ties;
  as_ties.failures = FailurePolicy::tie;
  result = study(in, as_ties);
  CHECK(result.judges[0].agreement.point.matrix.total() == 4);
  CHECK(result.judges[0].agreement.point.accuracy == 1.0);
}

TEST_CASE("a reference item without a label is an error by line unless dropped", "[eval][study]") {
  TempDir dir;
  const auto in = sources(dir, {"A-B", "AAB"});
  CHECK(input_error([&] { study(in); }) ==
        in[0].spec.path +
            ":2: v: no reference label (field v is null); fix the file, or give --drop-unlabeled "
            "to leave such items out");
  StudyOptions drop;
  drop.drop_unlabeled = true;
  const auto result = study(in, drop);
  CHECK(result.items == 2);
  REQUIRE(result.unlabeled.size() == 1);
  CHECK(result.unlabeled[0].line == 2);
  CHECK(result.judges[0].agreement.point.kappa == 1.0);
}

TEST_CASE("juries: every combination, majority vote, a split is a tie", "[eval][study]") {
  TempDir dir;
  StudyOptions options;
  options.jury_sizes = {2, 3};
  const auto result = study(sources(dir, {"ABTA", "ABBA", "BAAA", "A-TB"}), options);
  REQUIRE(result.juries.size() == 4);
  CHECK(result.juries[0].name == "r1+r2");
  CHECK(result.juries[3].name == "r1+r2+r3");
  // r1+r2: A,B split -> tie; B,A -> tie; B,A -> tie; A,A -> A.
  const auto& pair = result.juries[0].agreement.point.matrix;
  CHECK(pair.at(pogen::metrics::Verdict::A, pogen::metrics::Verdict::tie) == 1);
  CHECK(pair.at(pogen::metrics::Verdict::A, pogen::metrics::Verdict::A) == 1);
  // r1+r3 on item 2: r3 failed, r1 alone decides B; an incomplete jury, not a failure.
  CHECK(result.juries[1].incomplete == 1);
  CHECK(result.juries[1].failures.empty());
  // With failures as ties the failed juror votes tie: B against tie is split, a tie.
  StudyOptions as_ties = options;
  as_ties.failures = FailurePolicy::tie;
  const auto tied = study(sources(dir, {"ABTA", "ABBA", "BAAA", "A-TB"}), as_ties);
  CHECK(tied.juries[1].incomplete == 1);
  CHECK(tied.juries[1].verdicts[1] == pogen::metrics::Verdict::tie);
  CHECK(result.juries[1].verdicts[1] == pogen::metrics::Verdict::B);
  CHECK(input_error([&] {
          StudyOptions too_big;
          too_big.jury_sizes = {4};
          study(sources(dir, {"AB", "AB", "AB", "BA"}), too_big);
        }) == "--jury: a jury of 4 needs between 2 and 3 judges; 3 were given");
}

TEST_CASE("the bootstrap interval is fixed by the seed", "[eval][study]") {
  TempDir dir;
  const auto in = sources(dir, {"ABTABBAATBABABTA", "ABTBBAAATBABBBTA"});
  StudyOptions options;
  options.bootstrap = {200, 7};
  const auto first = study(in, options).judges[0].agreement.kappa;
  const auto again = study(in, options).judges[0].agreement.kappa;
  REQUIRE(first.interval.has_value());
  CHECK(first.interval->lower == again.interval->lower);
  CHECK(first.interval->upper == again.interval->upper);
  options.bootstrap.seed = 8;
  const auto other = study(in, options).judges[0].agreement.kappa;
  CHECK((other.interval->lower != first.interval->lower ||
         other.interval->upper != first.interval->upper));
}

TEST_CASE("statistics per subset", "[eval][study]") {
  TempDir dir;
  const auto ref = dir.write("ref.jsonl",
                             "{\"id\": 1, \"v\": \"A\", \"subset\": \"x\"}\n"
                             "{\"id\": 2, \"v\": \"B\", \"subset\": \"x\"}\n"
                             "{\"id\": 3, \"v\": \"A\", \"subset\": \"y\"}\n");
  const auto judge = dir.write("j.jsonl",
                               "{\"id\": 3, \"v\": \"B\"}\n{\"id\": 1, \"v\": \"A\"}\n"
                               "{\"id\": 2, \"v\": \"B\"}\n");
  const std::vector<LabelSource> in = {read(ref + ":verdict=v"), read(judge + ":verdict=v")};
  const auto result = study(in);
  const auto& subsets = result.judges[0].subsets;
  REQUIRE(subsets.size() == 2);
  CHECK(subsets[0].subset == "x");
  CHECK(subsets[0].agreement.point.accuracy == 1.0);
  CHECK(subsets[1].subset == "y");
  CHECK(subsets[1].agreement.point.accuracy == 0.0);
}

TEST_CASE("matching: missing ids, mixed ids and record counts are errors", "[eval][match]") {
  TempDir dir;
  const auto ref = dir.write("ref.jsonl", verdict_lines("ABA"));
  const auto fewer = dir.write("fewer.jsonl", verdict_lines("AB"));
  const auto no_ids = dir.write("noid.jsonl", verdict_lines("ABA", false));
  const std::vector<LabelSource> missing = {read(ref + ":verdict=v"), read(fewer + ":verdict=v")};
  CHECK(input_error([&] { e::match_items(missing, false); }) ==
        fewer + ": no item with id \"i2\" (" + ref + ":3)");
  const std::vector<LabelSource> mixed = {read(ref + ":verdict=v"), read(no_ids + ":verdict=v")};
  CHECK(input_error([&] { e::match_items(mixed, false); }) ==
        no_ids +
            ": no id field while other files have one: give --by-position to match items by "
            "their order, or --field id=NAME to name the id field");
  CHECK_FALSE(e::match_items(mixed, true).by_id);
  CHECK(input_error([&] { e::match_items(missing, true); }) ==
        fewer + ": 2 records, but " + ref +
            " has 3: matching by position needs the same items in the same order");
}

TEST_CASE("order=AB makes the first-position win rate measurable", "[eval][study]") {
  TempDir dir;
  const auto ref = dir.write("ref.jsonl", verdict_lines("ABAB"));
  const auto judge = dir.write("j.jsonl", verdict_lines("AATB"));
  const std::vector<LabelSource> in = {read(ref + ":verdict=v"),
                                       read(judge + ":verdict=v,order=AB")};
  const auto result = study(in);
  REQUIRE(result.judges[0].position.has_value());
  CHECK(result.judges[0].position->preference.first == 2);
  CHECK(result.judges[0].position->preference.second == 1);
  CHECK(result.judges[0].position->consistency.total == 0);
  const std::vector<LabelSource> unordered = {read(ref + ":verdict=v"), read(judge + ":verdict=v")};
  CHECK_FALSE(study(unordered).judges[0].position.has_value());
}

TEST_CASE("--field renames the id field in every file", "[eval][match]") {
  TempDir dir;
  const auto ref =
      dir.write("ref.jsonl", "{\"idx\": 7, \"v\": \"A\"}\n{\"idx\": 8, \"v\": \"B\"}\n");
  const auto judge =
      dir.write("j.jsonl", "{\"idx\": 8, \"v\": \"B\"}\n{\"idx\": 7, \"v\": \"B\"}\n");
  e::ReadOptions options;
  options.fields.rename("id=idx", "--field");
  const std::vector<LabelSource> in = {read(ref + ":verdict=v", options),
                                       read(judge + ":verdict=v", options)};
  const auto result = study(in);
  CHECK(result.matched_by_id);
  CHECK(result.item_ids == std::vector<std::string>{"7", "8"});
  CHECK(result.judges[0].agreement.point.accuracy == 0.5);
}
