#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "templates/builtin.hpp"
#include "templates/markers.hpp"

using namespace pogen::pipeline;

TEST_CASE("every built-in template contains the markers the fake endpoint recognises it by",
          "[template][markers]") {
  for (const auto& marker : markers::template_markers()) {
    INFO(marker.template_name << ": \"" << marker.phrase << "\"");
    auto text = builtin_prompt(marker.template_name);
    REQUIRE(text);
    CHECK(text->find(marker.phrase) != std::string_view::npos);
  }
}

TEST_CASE("every judging, debate and feedback-loop template has a marker", "[template][markers]") {
  std::set<std::string> marked;
  for (const auto& marker : markers::template_markers()) marked.emplace(marker.template_name);
  for (const auto& prompt : builtin_prompts()) {
    // The debate roles are persona texts inside debate-turn.md, not prompts of their own.
    if (prompt.name.starts_with("debate-role-")) continue;
    INFO(prompt.name);
    CHECK(marked.contains(std::string(prompt.name)));
  }
}

TEST_CASE("a role marker belongs to exactly one template", "[template][markers]") {
  for (auto phrase : {markers::kComparison, markers::kIndependent, markers::kDebateFinal,
                      markers::kDebateTurn, markers::kReview, markers::kReask, markers::kRevise}) {
    int found_in = 0;
    for (const auto& prompt : builtin_prompts()) {
      if (prompt.text.find(phrase) != std::string_view::npos) ++found_in;
    }
    INFO(phrase);
    CHECK(found_in == 1);
  }
}
