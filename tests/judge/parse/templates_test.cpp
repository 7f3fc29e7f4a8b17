// The judge prompt templates ask for exactly the format the parsers read first.

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "judge/parse/parse.hpp"

using namespace pogen::pipeline;

namespace {

std::string read_prompt(const std::string& name) {
  const std::string path = std::string(POGEN_SOURCE_DIR) + "/prompts/" + name;
  std::ifstream in(path);
  if (!in) FAIL("cannot open " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> placeholders(const std::string& text) {
  std::set<std::string> names;
  for (auto open = text.find("{{"); open != std::string::npos; open = text.find("{{", open + 2)) {
    auto close = text.find("}}", open);
    if (close == std::string::npos) break;
    names.insert(text.substr(open + 2, close - open - 2));
  }
  return names;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

TEST_CASE("judge-combined.md ends with the format parse_combined reads first", "[judge-parse]") {
  const std::string tmpl = read_prompt("judge-combined.md");
  CHECK(placeholders(tmpl) ==
        std::set<std::string>{"context", "question", "answer_a", "answer_b", "max_score"});
  const std::string rendered = replace_all(tmpl, "{{max_score}}", "10");
  CHECK(ends_with(rendered, required_format(JudgeStrategy::combined, 10) + "\n"));

  auto parroted = parse_combined(rendered, 10);
  REQUIRE_FALSE(parroted);
  CHECK(parroted.failure().reason == "no score for Assistant A or Assistant B found");

  const std::string reply = replace_all(
      replace_all(required_format(JudgeStrategy::combined, 10), "X/", "7/"), "Y/", "4.5/");
  auto scores = parse_combined("### Evaluation Evidence:\nA is better.\n\n" + reply, 10);
  REQUIRE(scores);
  CHECK(scores.value() == ParsedScores{7, 4.5});
}

TEST_CASE("judge-independent.md ends with the format parse_independent reads first",
          "[judge-parse]") {
  const std::string tmpl = read_prompt("judge-independent.md");
  CHECK(placeholders(tmpl) == std::set<std::string>{"context", "question", "answer", "max_score"});
  const std::string rendered = replace_all(tmpl, "{{max_score}}", "10");
  CHECK(ends_with(rendered, required_format(JudgeStrategy::independent, 10) + "\n"));

  auto parroted = parse_independent(rendered, 10);
  REQUIRE_FALSE(parroted);
  CHECK(parroted.failure().reason == "no score found");

  auto score = parse_independent(
      replace_all(required_format(JudgeStrategy::independent, 10), "X/", "9/"), 10);
  REQUIRE(score);
  CHECK(score.value() == 9);
}

TEST_CASE("judge-comparison.md offers the verdicts parse_comparison reads first", "[judge-parse]") {
  const std::string tmpl = read_prompt("judge-comparison.md");
  CHECK(placeholders(tmpl) == std::set<std::string>{"context", "question", "answer_a", "answer_b"});
  const std::vector<std::pair<std::string, Pick>> verdicts = {
      {"[[A]]", Pick::a}, {"[[B]]", Pick::b}, {"[[C]]", Pick::tie}};
  for (const auto& [verdict, expected] : verdicts) {
    CHECK(tmpl.find(verdict) != std::string::npos);
    auto pick = parse_comparison(std::string("### Evaluation Evidence:\nWeighed.\n\n") + verdict);
    REQUIRE(pick);
    CHECK(pick.value() == expected);
  }
}

TEST_CASE("judge-reask.md asks for the required format only", "[judge-parse]") {
  const std::string tmpl = read_prompt("judge-reask.md");
  CHECK(placeholders(tmpl) == std::set<std::string>{"required_format", "max_score"});
}
