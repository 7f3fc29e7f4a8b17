#include "eval/label_source.hpp"

#include <catch2/catch.hpp>

#include "eval_fixture.hpp"

using pogen::eval::ReadOptions;
using pogen::eval::testing::input_error;
using pogen::eval::testing::read;
using pogen::eval::testing::TempDir;
using pogen::metrics::Verdict;

TEST_CASE("a verdict field is read through the label map, JSONL or JSON array", "[eval][source]") {
  TempDir dir;
  ReadOptions options;
  options.labels.add("model_a=A,model_b=B", "--label-map");
  const auto jsonl = dir.write("h.jsonl",
                               "{\"id\": \"p1\", \"winner\": \"model_a\"}\n\n"
                               "{\"id\": 2, \"winner\": \"tie\", \"subset\": \"s\"}\n");
  auto source = read(jsonl + ":verdict=winner", options);
  REQUIRE(source.items.size() == 2);
  CHECK(source.has_ids);
  CHECK(source.items[0].verdict == Verdict::A);
  CHECK(source.items[1].id == "2");
  CHECK(source.items[1].line == 3);
  CHECK(source.items[1].subset == "s");
  const auto array =
      dir.write("h.json", "[\n  {\"winner\": \"model_b\"},\n  {\"winner\": \"tie\"}\n]\n");
  source = read(array + ":verdict=winner", options);
  REQUIRE(source.items.size() == 2);
  CHECK_FALSE(source.has_ids);
  CHECK(source.items[0].verdict == Verdict::B);
  CHECK(source.items[1].line == 3);
}

TEST_CASE("a label outside the map is an error naming file, line and field", "[eval][source]") {
  TempDir dir;
  const auto path = dir.write("h.jsonl",
                              "{\"human\": \"A\"}\n{\"human\": 1}\n{\"human\": \"C\"}\n"
                              "{\"human\": \"C\"}\n");
  CHECK(input_error([&] { read(path + ":verdict=human"); }) ==
        path +
            ":2: human: label \"1\" is not in the label map (known: A=A, B=B, tie=tie); map it "
            "with --label-map 1=A|B|tie|failed\n" +
            path +
            ":3: human: label \"C\" is not in the label map (known: A=A, B=B, tie=tie), "
            "on 2 records: lines 3, 4; map it with --label-map C=A|B|tie|failed");
}

TEST_CASE("a label mapped to failed is a failure, not a verdict", "[eval][source]") {
  TempDir dir;
  ReadOptions options;
  options.labels.add("garbage=failed", "--label-map");
  const auto path = dir.write("p.jsonl", "{\"j\": \"garbage\"}\n{\"j\": \"B\"}\n");
  const auto source = read(path + ":verdict=j", options);
  CHECK_FALSE(source.items[0].verdict.has_value());
  CHECK(source.items[0].failure == "label \"garbage\" maps to failed");
  CHECK(source.items[1].verdict == Verdict::B);
}

TEST_CASE("a missing label is kept with its line, not dropped", "[eval][source]") {
  TempDir dir;
  const auto path = dir.write("j.jsonl", "{\"v\": \"A\"}\n{\"v\": null}\n{\"other\": 1}\n");
  const auto source = read(path + ":verdict=v");
  REQUIRE(source.items.size() == 3);
  CHECK_FALSE(source.items[1].verdict.has_value());
  CHECK(source.items[1].failure == "field v is null");
  CHECK(source.items[2].line == 3);
  CHECK(source.items[2].failure == "field v is missing");
}

TEST_CASE("scores: the higher wins, and -1 is a failure unless paper-compat", "[eval][source]") {
  TempDir dir;
  const auto path = dir.write("s.json",
                              "[{\"s1\": 8, \"s2\": 6}, {\"s1\": 5, \"s2\": 5}, "
                              "{\"s1\": -1, \"s2\": 0}]");
  auto source = read(path + ":scores=s1/s2");
  CHECK(source.items[0].verdict == Verdict::A);
  CHECK(source.items[1].verdict == Verdict::tie);
  CHECK_FALSE(source.items[2].verdict.has_value());
  CHECK(source.items[2].failure ==
        "s1 is -1, the paper's mark of an unparsable judge output (--paper-compat compares it as "
        "a score, as the paper did)");
  ReadOptions compat;
  compat.paper_compat = true;
  source = read(path + ":scores=s1/s2", compat);
  CHECK(source.items[2].verdict == Verdict::B);
  const auto bad = dir.write("bad.jsonl", "{\"s1\": \"8\", \"s2\": 6}\n");
  CHECK(input_error([&] { read(bad + ":scores=s1/s2"); }) ==
        bad + ":1: s1: expected a number, got a string");
}

TEST_CASE("raw judge text is re-parsed by pogen's combined parser", "[eval][source]") {
  TempDir dir;
  const auto path = dir.write(
      "r.jsonl",
      "{\"response\": \"### Score Assistant A:\\n6/10\\n\\n### Score Assistant B:\\n4/10\"}\n"
      "{\"response\": \"Both are fine.\"}\n");
  const auto source = read(path + ":raw=response");
  CHECK(source.items[0].verdict == Verdict::A);
  CHECK_FALSE(source.items[1].verdict.has_value());
  CHECK_THAT(source.items[1].failure, Catch::StartsWith("unparsable judge text: "));
}

TEST_CASE("records with ids and records without in one file are an error", "[eval][source]") {
  TempDir dir;
  const auto path = dir.write("m.jsonl", "{\"id\": \"a\", \"v\": \"A\"}\n{\"v\": \"B\"}\n");
  CHECK(input_error([&] { read(path + ":verdict=v"); }) ==
        path +
            ":2: id: missing, while 1 of the 2 records have it (every record needs one to "
            "match items by id)");
}

TEST_CASE("answer lengths are counted in characters", "[eval][source]") {
  CHECK(pogen::eval::count_characters("abc") == 3);
  CHECK(pogen::eval::count_characters("\xc3\xa9t\xc3\xa9") == 3);  // "été"
}
