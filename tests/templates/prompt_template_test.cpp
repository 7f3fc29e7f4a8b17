#include <catch2/catch.hpp>

#include "core/diagnostics.hpp"
#include "templates/builtin.hpp"
#include "templates/prompt_template.hpp"

using namespace pogen;
using namespace pogen::pipeline;

TEST_CASE("rendering inserts values verbatim and never expands them again", "[template]") {
  auto tmpl = parse_template("t.md", "Q: {{question}} / A: {{answer}}", {"question", "answer"});
  CHECK(render(tmpl, {{"question", "what is {{answer}}?"}, {"answer", "{{question}}"}}) ==
        "Q: what is {{answer}}? / A: {{question}}");
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
