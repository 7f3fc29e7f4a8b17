// judgments.jsonl written by pogen judge, read as one rater's verdicts.

#include <catch2/catch.hpp>

#include "eval_fixture.hpp"

using pogen::eval::testing::input_error;
using pogen::eval::testing::read;
using pogen::eval::testing::TempDir;
using pogen::metrics::Verdict;

namespace {

std::string judgment(const char* order, double a, double b, const char* status = "ok") {
  return std::string("{\"judge\": \"j\", \"model\": \"m\", \"order\": \"") + order +
         "\", \"status\": \"" + status + "\", \"score_a\": " + std::to_string(a) +
         ", \"score_b\": " + std::to_string(b) + "}";
}

std::string line(const std::string& id, const std::string& pair) {
  return "{\"id\": \"" + id +
         "\", \"status\": \"ok\", \"candidates\": [{\"text\": \"short\", \"model\": \"x\"}, "
         "{\"text\": \"much longer\", \"model\": \"y\"}], \"ranking\": {\"method\": "
         "\"round_robin\", \"pairs\": [" +
         pair + "]}}\n";
}

}  // namespace

TEST_CASE("judgments: the verdict on candidates 0 and 1, both orders and lengths",
          "[eval][judgments]") {
  TempDir dir;
  const std::string consistent = "{\"a\": 0, \"b\": 1, \"verdict\": \"B\", \"judgments\": [" +
                                 judgment("AB", 4, 8) + ", " + judgment("BA", 5, 7) + "]}";
  // Swapped pair (a=1, b=0): its "A" is candidate 1.
  const std::string swapped = "{\"a\": 1, \"b\": 0, \"verdict\": \"A\", \"judgments\": [" +
                              judgment("AB", 8, 6) + ", " + judgment("BA", 5, 6) + "]}";
  const auto path = dir.write(
      "judgments.jsonl",
      line("p1", consistent) + line("p2", swapped) +
          "{\"id\": \"p3\", \"status\": \"skipped\", \"reason\": \"fewer than 2 candidates\"}\n" +
          line("p4",
               "{\"a\": 0, \"b\": 1, \"verdict\": \"failed\", \"reason\": \"both orders "
               "unparsable\"}"));
  const auto source = read(path);
  REQUIRE(source.items.size() == 4);
  CHECK(source.has_ids);
  CHECK(source.items[0].verdict == Verdict::B);
  CHECK(source.items[0].ab == Verdict::B);
  CHECK(source.items[0].ba == Verdict::B);
  CHECK(source.items[0].length_a == 5);
  CHECK(source.items[0].length_b == 11);
  CHECK(source.items[1].verdict == Verdict::B);
  // Order AB of the swapped pair showed candidate 1 first: that is the BA order for 0 and 1.
  CHECK(source.items[1].ba == Verdict::B);
  CHECK(source.items[1].ab == Verdict::A);
  CHECK_FALSE(source.items[2].verdict.has_value());
  CHECK(source.items[2].failure == "status skipped: fewer than 2 candidates");
  CHECK(source.items[3].failure == "pair verdict failed: both orders unparsable");
}

TEST_CASE("judgments: an unusable judgment gives no order verdict", "[eval][judgments]") {
  TempDir dir;
  const std::string pair = "{\"a\": 0, \"b\": 1, \"verdict\": \"A\", \"judgments\": [" +
                           judgment("AB", 8, 4) + ", " + judgment("BA", 0, 0, "parse_failed") +
                           "]}";
  const auto source = read(dir.write("j.jsonl", line("p1", pair)) + ":judgments");
  CHECK(source.items[0].ab == Verdict::A);
  CHECK_FALSE(source.items[0].ba.has_value());
}

TEST_CASE("judgments: a field of the wrong type is an error on its line", "[eval][judgments]") {
  TempDir dir;
  const auto path =
      dir.write("j.jsonl", line("p1", "{\"a\": \"zero\", \"b\": 1, \"verdict\": \"A\"}"));
  CHECK(input_error([&] { read(path); }) ==
        path +
            ":1: not a line of pogen judge's judgments.jsonl: [json.exception.type_error.302] "
            "type must be number, but is string");
}
