#include <algorithm>

#include <catch2/catch.hpp>

#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;

TEST_CASE("data/quickstart-prompts.jsonl is a valid prompt set", "[prompts][data]") {
  const std::string path = std::string(POGEN_SOURCE_DIR) + "/data/quickstart-prompts.jsonl";
  const auto check = validate_prompts(path, {});
  CHECK(printed(check.diagnostics).empty());
  CHECK(check.items == 51);

  std::size_t multi_turn = 0;
  std::size_t non_ascii = 0;
  for (const auto& entry : read_all(path)) {
    const auto& prompt = item(entry);
    CHECK(prompt.id.rfind("qs-", 0) == 0);
    const auto assistant_turns =
        std::count_if(prompt.messages.begin(), prompt.messages.end(),
                      [](const auto& m) { return m.role == pogen::llm::Role::assistant; });
    if (assistant_turns > 0) ++multi_turn;
    const auto& text = prompt.messages.back().content;
    if (std::any_of(text.begin(), text.end(), [](char c) { return c & 0x80; })) ++non_ascii;
  }
  CHECK(multi_turn == 6);
  CHECK(non_ascii >= 5);
}
