#include "eval/source_spec.hpp"

#include <catch2/catch.hpp>

#include "eval/field_names.hpp"
#include "eval/label_map.hpp"
#include "eval_fixture.hpp"

using pogen::eval::parse_source_spec;
using pogen::eval::SourceKind;
using pogen::eval::testing::input_error;
namespace e = pogen::eval;

TEST_CASE("a source without a spec is a judgments file named after the file", "[eval][spec]") {
  const auto spec = parse_source_spec("runs/x/judgments.jsonl", "--judge");
  CHECK(spec.path == "runs/x/judgments.jsonl");
  CHECK(spec.kind == SourceKind::judgments);
  CHECK(spec.name == "judgments");
}

TEST_CASE("the spec follows the last colon that starts a spec", "[eval][spec]") {
  auto spec =
      parse_source_spec("C:/data/gpt-4o_none.json:scores=score_1/score_2,name=gpt-4o", "--judge");
  CHECK(spec.path == "C:/data/gpt-4o_none.json");
  CHECK(spec.kind == SourceKind::scores);
  CHECK(spec.field == "score_1");
  CHECK(spec.field_b == "score_2");
  CHECK(spec.name == "gpt-4o");
  spec = parse_source_spec("odd:name.json", "--judge");
  CHECK(spec.path == "odd:name.json");
  spec = parse_source_spec("t.json:raw=response,max=5,order=AB", "--judge");
  CHECK(spec.kind == SourceKind::raw);
  CHECK(spec.max_score == 5);
  CHECK(spec.a_shown_first);
  CHECK(e::describe_source(spec) == "raw field response (parse_combined, out of 5)");
}

TEST_CASE("a malformed spec names the flag and what is wrong", "[eval][spec]") {
  CHECK(input_error([] { parse_source_spec("f.json:scores=score_1", "--judge"); }) ==
        "--judge: scores=score_1: expected two fields as FIELD_A/FIELD_B");
  CHECK(input_error([] { parse_source_spec("f.json:verdict=a,raw=b", "--judge"); }) ==
        "--judge: give one of verdict=, scores=, raw= or judgments, not several");
  CHECK(input_error([] { parse_source_spec("f.json:verdict=h,colour=red", "--reference"); }) ==
        "--reference: \"colour=red\" is not a spec entry (expected verdict=FIELD, "
        "scores=FIELD_A/FIELD_B, raw=FIELD, judgments, name=, max= or order=AB)");
  CHECK(input_error([] { parse_source_spec("f.json:raw=r,max=0", "--judge"); }) ==
        "--judge: max=0: the score scale must be a positive number");
}

TEST_CASE("label maps add to A, B, tie and refuse other verdicts", "[eval][label-map]") {
  e::LabelMap labels;
  labels.add("1=A,2=B,0=tie", "--label-map");
  labels.add("garbage=failed", "--label-map");
  CHECK(labels.find(1)->verdict == pogen::metrics::Verdict::A);
  CHECK(labels.find("2")->verdict == pogen::metrics::Verdict::B);
  CHECK(labels.find(0)->verdict == pogen::metrics::Verdict::tie);
  CHECK(labels.find("A")->verdict == pogen::metrics::Verdict::A);
  REQUIRE(labels.find("garbage").has_value());
  CHECK_FALSE(labels.find("garbage")->verdict.has_value());
  CHECK_FALSE(labels.find(3).has_value());
  CHECK(labels.known() == "0=tie, 1=A, 2=B, A=A, B=B, garbage=failed, tie=tie");
  CHECK(input_error([&] { labels.add("model_a=first", "--label-map"); }) ==
        "--label-map: \"first\": the verdict must be A, B, tie or failed");
  CHECK(input_error([&] { labels.add("model_a", "--label-map"); }) ==
        "--label-map: \"model_a\": expected LABEL=VERDICT, e.g. 1=A,2=B,0=tie");
}

TEST_CASE("field renames know their names and suggest the near one", "[eval][fields]") {
  e::FieldNames names;
  names.rename("id=idx,subset=split", "--field");
  CHECK(names.id == "idx");
  CHECK(names.subset == "split");
  CHECK(input_error([&] { names.rename("sbuset=x", "--field"); }) ==
        "--field: unknown field name \"sbuset\" (did you mean \"subset\"?) (known: id, subset, "
        "response_a, response_b; verdict fields are named in the source spec)");
}
