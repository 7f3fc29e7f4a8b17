#include <catch2/catch.hpp>

#include "prompt_files/hash.hpp"
#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;

TEST_CASE("text: one prompt a line, blank lines skipped but counted", "[prompts][text]") {
  TempDir dir;
  const auto path = dir.write("p.txt",
                              "How do magnets work?\n"
                              "\n"
                              "  Indented, with a trailing space \r\n"
                              "\t\n"
                              "\xC3\x9Altimo: \xC2\xBFqu\xC3\xA9 es UTF-8?");
  PromptReader reader(path, {});
  CHECK(reader.format() == PromptFormatOptions::Format::text);
  const auto entries = read_all(reader);
  REQUIRE(entries.size() == 3);
  CHECK(item(entries[0]).messages == std::vector{user_turn("How do magnets work?")});
  CHECK(item(entries[0]).id == content_id({user_turn("How do magnets work?")}));
  CHECK(item(entries[0]).line == 1);
  CHECK(item(entries[1]).messages == std::vector{user_turn("  Indented, with a trailing space ")});
  CHECK(item(entries[1]).line == 3);
  CHECK(item(entries[2]).messages ==
        std::vector{user_turn("\xC3\x9Altimo: \xC2\xBFqu\xC3\xA9 es UTF-8?")});
  CHECK(item(entries[2]).line == 5);
}

TEST_CASE("text: bad lines, word for word", "[prompts][text]") {
  TempDir dir;
  const auto path = dir.write("p.txt", "Same prompt\nabcd\xC3(\n\nSame prompt\n");
  const std::string f = path + ":";
  CHECK(printed(validate_prompts(path, {}).diagnostics) ==
        std::vector<std::string>{f + "2: invalid UTF-8 at column 5 (byte 0xc3)",
                                 f + "4: duplicate prompt (same content as line 1)"});
  CHECK(printed(validate_prompts(dir.write("empty.txt", "\n \n\r\n"), {}).diagnostics) ==
        std::vector<std::string>{dir.path("empty.txt") + ": no prompts found"});
}

TEST_CASE("text: the format option overrides the extension", "[prompts][text]") {
  TempDir dir;
  PromptFormatOptions options;
  options.format = PromptFormatOptions::Format::text;
  const auto entries = read_all(dir.write("p.jsonl", "{\"prompt\": \"not JSON here\"}\n"), options);
  REQUIRE(entries.size() == 1);
  CHECK(item(entries[0]).messages == std::vector{user_turn("{\"prompt\": \"not JSON here\"}")});
}
