// Combined and independent scores written as text: every accepted format, and every way a reply
// fails, with the reason word for word.

#include <catch2/catch.hpp>

#include <string>

#include "judge/parse/parse.hpp"

using namespace pogen::pipeline;

namespace {

ParsedScores scores(const std::string& text, double max_score = 10) {
  auto result = parse_combined(text, max_score);
  INFO(text);
  if (!result) FAIL("no scores: " << result.failure().reason);
  return result.value();
}

std::string combined_failure(const std::string& text, double max_score = 10) {
  auto result = parse_combined(text, max_score);
  INFO(text);
  if (result) FAIL("parsed " << result.value().a << ", " << result.value().b);
  return result.failure().reason;
}

double score(const std::string& text, double max_score = 10) {
  auto result = parse_independent(text, max_score);
  INFO(text);
  if (!result) FAIL("no score: " << result.failure().reason);
  return result.value();
}

std::string independent_failure(const std::string& text, double max_score = 10) {
  auto result = parse_independent(text, max_score);
  INFO(text);
  if (result) FAIL("parsed " << result.value());
  return result.failure().reason;
}

}  // namespace

TEST_CASE("combined: the format the template asks for", "[judge-parse]") {
  const std::string reply =
      "### Evaluation Evidence:\nAssistant A answers the question; Assistant B repeats it.\n\n"
      "### Score Assistant A:\n7/10\n\n### Score Assistant B:\n5/10";
  CHECK(scores(reply) == ParsedScores{7, 5});
  CHECK(scores("### Score Assistant A:\n7/10\n### Score Assistant B:\n5/10\n") ==
        ParsedScores{7, 5});
}

TEST_CASE("combined: markdown, prose and number spellings", "[judge-parse]") {
  CHECK(scores("**Score for Assistant A:** 7/10\n**Score for Assistant B:** 4/10") ==
        ParsedScores{7, 4});
  CHECK(scores("### Score Assistant A: **8/10**\n### Score Assistant B: **3**/10") ==
        ParsedScores{8, 3});
  CHECK(scores("Assistant A: 7\nAssistant B: 6") == ParsedScores{7, 6});
  CHECK(scores("Assistant A: 7 out of 10\nAssistant B: 3 out of 10") == ParsedScores{7, 3});
  CHECK(scores("Assistant A: 7.5/10\nAssistant B: 8.25 / 10") == ParsedScores{7.5, 8.25});
  CHECK(scores("Score A: 3, Score B: 9.") == ParsedScores{3, 9});
  CHECK(scores("Scores:\nA: 8/10\nB: 6/10") == ParsedScores{8, 6});
  CHECK(scores("- **A**: 2/10\n- **B**: 10/10") == ParsedScores{2, 10});
  CHECK(scores("| Assistant A | 7/10 |\n| Assistant B | 9/10 |") == ParsedScores{7, 9});
  CHECK(scores("## Assistant A\nScore: 7/10\n\n## Assistant B\nScore: 5/10") == ParsedScores{7, 5});
  CHECK(scores("Response A's score: 1\nResponse B\xE2\x80\x99s score: 2") == ParsedScores{1, 2});
  CHECK(scores("### Score Assistant 1: 9/10\n### Score Assistant 2: 8/10 \n<|im_end|>") ==
        ParsedScores{9, 8});
  CHECK(scores("Assistant A receives a score of 6/10 because it is accurate. Assistant B "
               "receives a score of 2/10 because it is not.") == ParsedScores{6, 2});
}

TEST_CASE("combined: text after the score does not matter", "[judge-parse]") {
  CHECK(scores("### Score Assistant A:\n4/10 (due to the non-vegan ingredient in the recipe)\n\n"
               "### Score Assistant B:\n6/10 (lacks detail)") == ParsedScores{4, 6});
  CHECK(scores("### Score Assistant A:\n2/10\n\n### Score Assistant B:\n7/10 \n\n\nAssistant B "
               "demonstrates a better understanding of the prompt.") == ParsedScores{2, 7});
}

TEST_CASE("combined: scores inside a code fence", "[judge-parse]") {
  CHECK(scores("```\n### Score Assistant A:\n7/10\n### Score Assistant B:\n2/10\n```") ==
        ParsedScores{7, 2});
}

TEST_CASE("combined: a judge that revises itself is taken at its last word", "[judge-parse]") {
  const std::string reply =
      "### Score Assistant A:\n0/10\n\n### Score Assistant B:\n0/10\n\n"
      "Upon re-evaluation, Response B at least attempts the task.\n\n"
      "### Score Assistant A:\n0/10\n\n### Score Assistant B:\n2/10\n\n"
      "Response B attempts to follow the guide's instruction, earning it a slightly higher score.";
  CHECK(scores(reply) == ParsedScores{0, 2});
}

TEST_CASE("combined: numbers not tied to an answer are never used", "[judge-parse]") {
  CHECK(combined_failure("I would give 7/10 and 5/10.") ==
        "no score for Assistant A or Assistant B found");
  CHECK(combined_failure("I would score a 7/10 for the first and a 5/10 for the second.") ==
        "no score for Assistant A or Assistant B found");
  CHECK(combined_failure("Assistant A lists 3 reasons and Assistant B lists 2 reasons.") ==
        "no score for Assistant A or Assistant B found");
  CHECK(combined_failure("Assistant A is 2 sentences long; Assistant B: 3rd place.") ==
        "no score for Assistant A or Assistant B found");
  CHECK(combined_failure("Assistant A: 1. It is correct. 2. It is short.\nAssistant B: 5/10") ==
        "no score for Assistant A found");
  CHECK(combined_failure("") == "no score for Assistant A or Assistant B found");
  CHECK(combined_failure("Score 1: 9/10\nScore 2: 8/10") ==
        "no score for Assistant A or Assistant B found");
  CHECK(combined_failure("### Score Assistant 1: 2/10\n### Score Assistant 2: N/A") ==
        "no score for Assistant B found");
}

TEST_CASE("combined: hypotheticals and partial counts are not scores", "[judge-parse]") {
  CHECK(combined_failure(
            "### Score Assistant A:\n6/10\n\nAssistant B would be 9/10 with examples.") ==
        "no score for Assistant B found");
  CHECK(combined_failure("Assistant A: 8 points on accuracy\nAssistant B: 5/10") ==
        "no score for Assistant A found");
  CHECK(scores("Assistant A: 8 points\nAssistant B: 5 points.") == ParsedScores{8, 5});
}

TEST_CASE("combined: one score missing", "[judge-parse]") {
  CHECK(combined_failure("### Score Assistant A:\n7/10\n\n### Score Assistant B:\n") ==
        "no score for Assistant B found");
  CHECK(combined_failure("### Score Assistant A:\nX/10\n### Score Assistant B:\n4/10") ==
        "no score for Assistant A found");
}

TEST_CASE("combined: scores out of range or on another scale", "[judge-parse]") {
  CHECK(combined_failure("Assistant A: 12/10\nAssistant B: 5/10") ==
        "score for Assistant A is 12, above the maximum 10");
  CHECK(combined_failure("Assistant A: 5\nAssistant B: 10.5") ==
        "score for Assistant B is 10.5, above the maximum 10");
  CHECK(combined_failure("Assistant A: -1\nAssistant B: 5") ==
        "score for Assistant A is -1, below the minimum 0");
  CHECK(combined_failure("Assistant A: 4/5\nAssistant B: 3/5") ==
        "score for Assistant A is 4/5, not out of 10");
  CHECK(combined_failure("Assistant A: 80/100\nAssistant B: 3/10") ==
        "score for Assistant A is 80/100, not out of 10");
  CHECK(combined_failure("Assistant A: 8/10\nAssistant B: 7/10", 5) ==
        "score for Assistant A is 8/10, not out of 5");
  CHECK(scores("Assistant A: 4/5\nAssistant B: 5 out of 5", 5) == ParsedScores{4, 5});
  CHECK(scores("Assistant A: 0/10\nAssistant B: 10/10") == ParsedScores{0, 10});
}

TEST_CASE("combined: scores inside reasoning blocks are ignored", "[judge-parse]") {
  CHECK(combined_failure("<think>Assistant A: 7/10, Assistant B: 5/10</think>\nI cannot decide.") ==
        "no score for Assistant A or Assistant B found outside <think> reasoning");
  CHECK(combined_failure("<think>Assistant B: 4/10</think>\n### Score Assistant A:\n8/10") ==
        "no score for Assistant B found outside <think> reasoning");
  CHECK(scores("### Score Assistant A:\n8/10\n### Score Assistant B:\n6/10\n<think>on reflection "
               "Assistant A: 2/10</think>") == ParsedScores{8, 6});
  CHECK(scores("Assistant A: 1/10 at first sight.</think>\n### Score Assistant A:\n9/10\n"
               "### Score Assistant B:\n1/10") == ParsedScores{9, 1});
  CHECK(combined_failure("Assistant A: 3/10 and Assistant B: 4/10, but wait</think>") ==
        "no score for Assistant A or Assistant B found outside <think> reasoning");
  CHECK(combined_failure("### Score Assistant A:\n8/10\n<think>and Assistant B: 3/10 since") ==
        "no score for Assistant B found outside <think> reasoning");
}

TEST_CASE("independent: accepted formats", "[judge-parse]") {
  CHECK(score("### Evaluation Evidence:\nAccurate and complete.\n\n### Score:\n7/10") == 7);
  CHECK(score("Rating: 8 out of 10") == 8);
  CHECK(score("Score: 7") == 7);
  CHECK(score("**Final score:** 6.5/10 (minor omissions)") == 6.5);
  CHECK(score("### Score\nScore: 4/10") == 4);
  CHECK(score("I would give this answer a score of 9/10.") == 9);
  CHECK(score("Score for the assistant's answer: 3/10") == 3);
  CHECK(score("I rate it 5/10.") == 5);
  CHECK(score("7/10") == 7);
  CHECK(score("**7 / 10**\n") == 7);
  CHECK(score("8") == 8);
  CHECK(score("Score: 6/10\n\nOn reflection the answer misses a case.\nScore: 5/10") == 5);
  CHECK(score("```json\n{\"explanation\": \"fine\", \"score\": 6}\n```") == 6);
}

TEST_CASE("independent: failures", "[judge-parse]") {
  CHECK(independent_failure("The answer is fine.") == "no score found");
  CHECK(independent_failure("The answer covers 7/10 of the points.") == "no score found");
  CHECK(independent_failure("A higher score would need 3 examples.") == "no score found");
  CHECK(independent_failure("### Score Assistant A:\n6/10") == "no score found");
  CHECK(independent_failure("It lists only \"Ravens\" with scores of \"0,\" in the table.") ==
        "no score found");
  CHECK(independent_failure("Score: 11/10") == "score is 11, above the maximum 10");
  CHECK(independent_failure("Score: -2") == "score is -2, below the minimum 0");
  CHECK(independent_failure("Score: 3/5") == "score is 3/5, not out of 10");
  CHECK(independent_failure("<think>Score: 7/10</think>") ==
        "no score found outside <think> reasoning");
}

TEST_CASE("strip_reasoning removes every kind of reasoning block", "[judge-parse]") {
  CHECK(strip_reasoning("<think>\nweighing both\n</think>\n\nAnswer") == "Answer");
  CHECK(strip_reasoning("weighing both\n</think>\nAnswer") == "Answer");
  CHECK(strip_reasoning("Answer <think>never closed") == "Answer");
  CHECK(strip_reasoning("A<think>x</think>B<think>y</think>C") == "ABC");
  CHECK(strip_reasoning("<THINKING>x</THINKING>Done") == "Done");
  CHECK(strip_reasoning("<think>outer <think>inner</think> Done") == "Done");
  CHECK(strip_reasoning("  plain text, a < b  ") == "plain text, a < b");
  CHECK(strip_reasoning("") == "");
}
