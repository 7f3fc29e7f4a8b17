#include <catch2/catch.hpp>

#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;
using Format = PromptFormatOptions::Format;
using pogen::name_of;
using pogen::parse_enum;

TEST_CASE("auto_detect: by extension, else by the first byte", "[prompts][validate]") {
  CHECK(detect_prompt_format("a.jsonl", '[') == Format::jsonl);
  CHECK(detect_prompt_format("dir/A.NDJSON", -1) == Format::jsonl);
  CHECK(detect_prompt_format("a.Json", '{') == Format::json);
  CHECK(detect_prompt_format("a.txt", '{') == Format::text);
  CHECK(detect_prompt_format("a.csv", '[') == Format::csv);
  CHECK(detect_prompt_format("prompts", '[') == Format::json);
  CHECK(detect_prompt_format("data.d/prompts", '{') == Format::jsonl);
  CHECK(detect_prompt_format("prompts.tsv", 'W') == Format::text);
  CHECK(detect_prompt_format("", -1) == Format::text);
}

TEST_CASE("auto_detect: content after leading whitespace decides", "[prompts][validate]") {
  TempDir dir;
  // More blank space than one read buffer holds before the first byte that decides.
  const std::string blank(100000, '\n');
  PromptReader array(dir.write("a", blank + "  [{\"prompt\": \"x\"}]"), {});
  CHECK(array.format() == Format::json);
  const auto entries = read_all(array);
  REQUIRE(entries.size() == 1);
  CHECK(item(entries[0]).line == 100001);
  PromptReader lines(dir.write("b", "\n{\"prompt\": \"x\"}\n"), {});
  CHECK(lines.format() == Format::jsonl);
  PromptReader text(dir.write("c", "  Why?\n"), {});
  CHECK(text.format() == Format::text);
  CHECK(item(read_all(text).at(0)).messages == std::vector{user_turn("  Why?")});
}

TEST_CASE("format names for configs and flags", "[prompts][validate]") {
  CHECK(parse_enum<PromptFormatOptions::Format>("auto") == Format::auto_detect);
  CHECK(parse_enum<PromptFormatOptions::Format>("csv") == Format::csv);
  CHECK_FALSE(parse_enum<PromptFormatOptions::Format>("yaml"));
  CHECK(std::string(name_of(Format::json)) == "json");
}

TEST_CASE("an unreadable source is one diagnostic", "[prompts][validate]") {
  TempDir dir;
  CHECK(printed(validate_prompts(dir.path("missing.jsonl"), {}).diagnostics) ==
        std::vector<std::string>{dir.path("missing.jsonl") +
                                 ": cannot read: No such file or directory"});
  const auto folder = dir.path("");
  CHECK(printed(validate_prompts(folder, {}).diagnostics) ==
        std::vector<std::string>{folder + ": cannot read: Is a directory"});
}

TEST_CASE("open_prompts: checks everything first, then reads from the start",
          "[prompts][validate]") {
  TempDir dir;
  const auto good = dir.write("good.jsonl", "{\"prompt\": \"a\"}\n{\"prompt\": \"b\"}\n");
  auto opened = open_prompts(good, {}, false);
  CHECK(opened.check.items == 2);
  CHECK(opened.check.diagnostics.empty());
  const auto entries = read_all(opened.reader);
  REQUIRE(entries.size() == 2);
  CHECK(item(entries[0]).messages == std::vector{user_turn("a")});

  const auto bad = dir.write("bad.jsonl", "{\"prompt\": 1}\n{\"prompt\": \"b\"}\n{\"id\": 2}\n");
  try {
    open_prompts(bad, {}, false);
    FAIL("no InputError");
  } catch (const pogen::InputError& error) {
    CHECK(std::string(error.what()) ==
          bad + ":1: prompt: expected a string or a list of messages, got an integer\n" + bad +
              ":3: missing field \"prompt\" (also looked for \"messages\" and \"conversation\")");
    CHECK(error.diagnostics().size() == 2);
  }
}

TEST_CASE("open_prompts with skip_invalid returns bad records as rejections",
          "[prompts][validate]") {
  TempDir dir;
  const auto path = dir.write("p.jsonl", "{\"prompt\": \"a\"}\nnot json\n{\"prompt\": \"c\"}\n");
  auto opened = open_prompts(path, {}, true);
  CHECK(opened.check.items == 2);
  CHECK(opened.check.rejected == 1);
  CHECK(printed(opened.check.diagnostics) ==
        std::vector<std::string>{path +
                                 ":2: invalid JSON at column 2: syntax error while parsing value "
                                 "- invalid literal; last read: 'no'"});
  const auto entries = read_all(opened.reader);
  REQUIRE(entries.size() == 3);
  CHECK(item(entries[0]).line == 1);
  CHECK(rejected(entries[1]).raw == "not json");
  CHECK(rejected(entries[1]).line == 2);
  CHECK(item(entries[2]).line == 3);
}

TEST_CASE("open_prompts with skip_invalid still refuses an unusable source",
          "[prompts][validate]") {
  TempDir dir;
  const auto all_bad = dir.write("bad.jsonl", "{\"prompt\": \"\"}\n{\"prompt\": []}\n");
  CHECK_THROWS_WITH(open_prompts(all_bad, {}, true),
                    all_bad + ":1: prompt: empty prompt\n" + all_bad +
                        ":2: prompt: empty conversation\n" + all_bad +
                        ": no valid prompts: all 2 records were rejected");
  const auto empty = dir.write("empty.jsonl", "\n");
  CHECK_THROWS_WITH(open_prompts(empty, {}, true), empty + ": no prompts found");
  const auto broken = dir.write("broken.json", "[{\"prompt\": 1}, {\"prompt\": \"b\"}");
  CHECK_THROWS_WITH(open_prompts(broken, {}, true),
                    broken +
                        ":1: prompt: expected a string or a list of messages, got an "
                        "integer\n" +
                        broken +
                        ":1: invalid JSON: the array is not closed before the end of the file");
  CHECK_THROWS_WITH(open_prompts(dir.path("none.csv"), {}, true),
                    dir.path("none.csv") + ": cannot read: No such file or directory");
}
