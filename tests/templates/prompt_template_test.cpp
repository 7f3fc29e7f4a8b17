#include <catch2/catch.hpp>

#include "core/diagnostics.hpp"
#include "support/untrusted_text.hpp"
#include "templates/builtin.hpp"
#include "templates/prompt_template.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using pogen::testing::block;
using pogen::testing::masked;

TEST_CASE("rendering inserts values verbatim and never expands them again", "[template]") {
  auto tmpl = parse_template("t.md", "Q: {{question}} / A: {{answer}} / {{max_score}}",
                             {"question", "answer", "max_score"});
  // Untrusted values (question, answer) go in blocks (tests/templates/untrusted_test.cpp); a
  // trusted one is inserted bare.
  CHECK(masked(render(tmpl, {{"question", "what is {{answer}}?"},
                             {"answer", "{{question}}"},
                             {"max_score", "{{answer}}"}})) ==
        "Q: " + block("question", "what is {{answer}}?") +
            " / A: " + block("answer", "{{question}}") + " / {{answer}}");
}

TEST_CASE("a template without untrusted text renders exactly as written", "[template]") {
  auto tmpl = parse_template("t.md", "Out of {{max_score}}; nothing else: {{question}}.",
                             {"question", "max_score"});
  CHECK(render(tmpl, {{"question", ""}, {"max_score", "10"}}) == "Out of 10; nothing else: .");
}

TEST_CASE("unknown placeholders and unclosed braces are reported with their line", "[template]") {
  try {
    parse_template("my.md", "line one\n{{answr}}\n{{question", {"answer", "question"});
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(
        std::string(e.what()) ==
        "my.md:2: unknown placeholder {{answr}} (allowed: answer, question)\nmy.md:3: unclosed {{");
  }
}
