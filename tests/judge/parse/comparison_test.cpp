// Direct comparison verdicts: the documented set of formats, their precedence, and ambiguity.

#include <catch2/catch.hpp>

#include <string>

#include "judge/parse/parse.hpp"

using namespace pogen::pipeline;
using pogen::name_of;
using pogen::parse_enum;

namespace {

Pick pick(const std::string& text) {
  auto result = parse_comparison(text);
  INFO(text);
  if (!result) FAIL("no verdict: " << result.failure().reason);
  return result.value();
}

std::string failure(const std::string& text) {
  auto result = parse_comparison(text);
  INFO(text);
  if (result) FAIL("parsed " << name_of(result.value()));
  return result.failure().reason;
}

}  // namespace

TEST_CASE("comparison: bracketed verdicts", "[judge-parse]") {
  CHECK(pick("### Evaluation Evidence:\nA is accurate, B is not.\n\n[[A]]") == Pick::a);
  CHECK(pick("Final verdict: [[B]]") == Pick::b);
  CHECK(pick("[[C]]") == Pick::tie);
  CHECK(pick("[[Tie]]") == Pick::tie);
  CHECK(pick("Both are equally good in style, but [[A]] is my verdict.") == Pick::a);
}

TEST_CASE("comparison: labelled verdicts", "[judge-parse]") {
  CHECK(pick("Winner: Assistant B") == Pick::b);
  CHECK(pick("The winner is Assistant A because it is more accurate.") == Pick::a);
  CHECK(pick("**Final verdict:** Tie") == Pick::tie);
  CHECK(pick("Verdict: C") == Pick::tie);
  CHECK(pick("The better answer is B.") == Pick::b);
  CHECK(pick("Better response: Output (a)") == Pick::a);
  CHECK(pick("{\"explanation\": \"close\", \"winner\": \"tie\"}") == Pick::tie);
  CHECK(pick("```json\n{\"winner\": \"Assistant B\"}\n```") == Pick::b);
}

TEST_CASE("comparison: a line holding only an option", "[judge-parse]") {
  CHECK(pick("Output (a)") == Pick::a);
  CHECK(pick("Output (b)\n\nIt follows the instruction.") == Pick::b);
  CHECK(pick("B") == Pick::b);
  CHECK(pick("**A**") == Pick::a);
  CHECK(pick("Both answer the question.\n\nTie.") == Pick::tie);
}

TEST_CASE("comparison: tie phrases", "[judge-parse]") {
  CHECK(pick("Both are equally good.") == Pick::tie);
  CHECK(pick("After weighing everything, it's a tie.") == Pick::tie);
}

TEST_CASE("comparison: stronger kinds of verdict win over weaker ones", "[judge-parse]") {
  CHECK(pick("Winner: Assistant A\n\n[[B]]") == Pick::b);
  CHECK(pick("[[B]]\n\nWinner: Assistant A") == Pick::b);
  CHECK(pick("Both are equally good at grammar.\nWinner: Assistant A") == Pick::a);
}

TEST_CASE("comparison: a judge that revises itself is taken at its last word", "[judge-parse]") {
  CHECK(pick("[[A]]\n\nOn reflection, B is more accurate.\n\n[[B]]") == Pick::b);
}

TEST_CASE("comparison: ambiguous or missing verdicts are failures", "[judge-parse]") {
  CHECK(failure("[[A]] or [[B]]") == "ambiguous verdict in \"[[A]] or [[B]]\"");
  CHECK(failure("Winner: A or B, hard to say") ==
        "ambiguous verdict in \"Winner: A or B, hard to say\"");
  CHECK(failure("Verdict: Assistant A / Assistant B") ==
        "ambiguous verdict in \"Verdict: Assistant A / Assistant B\"");
  CHECK(failure("Assistant A is more detailed, Assistant B more accurate.") ==
        "no verdict found (expected [[A]], [[B]] or [[C]])");
  CHECK(failure("Winner: a close call.") == "no verdict found (expected [[A]], [[B]] or [[C]])");
  CHECK(failure("") == "no verdict found (expected [[A]], [[B]] or [[C]])");
  CHECK(failure("Response A:\n- clear\n\nResponse B:\n- vague") ==
        "no verdict found (expected [[A]], [[B]] or [[C]])");
  CHECK(failure("### Assistant A\nClear.\n\n### Assistant B\nVague.") ==
        "no verdict found (expected [[A]], [[B]] or [[C]])");
  CHECK(failure("Both are equally good in style, but A is more accurate.") ==
        "no verdict found (expected [[A]], [[B]] or [[C]])");
  CHECK(failure("Both are equally good in style.\nA is more accurate.") ==
        "no verdict found (expected [[A]], [[B]] or [[C]])");
  CHECK(failure("<think>Clearly [[A]].</think>\nI prefer not to say.") ==
        "no verdict found outside <think> reasoning");
}
