#include <catch2/catch.hpp>

#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;

namespace {
std::vector<std::string> problems(const TempDir& dir, const std::string& content) {
  return printed(validate_prompts(dir.write("p.json", content), {}).diagnostics);
}
}  // namespace

TEST_CASE("JSON array: each object's line is where it starts", "[prompts][json]") {
  TempDir dir;
  const auto path = dir.write("p.json",
                              "[\n"
                              "  {\"id\": \"one\", \"prompt\": \"[x] {y} \\\"q\\\" \\\\\"},\n"
                              "  {\"prompt\": \"Second\"},\n"
                              "  {\n"
                              "    \"messages\": [\n"
                              "      {\"role\": \"user\", \"content\": \"Third ]}\"}\n"
                              "    ]\n"
                              "  }\n"
                              "]\n");
  PromptReader reader(path, {});
  CHECK(reader.format() == PromptFormatOptions::Format::json);
  const auto entries = read_all(reader);
  REQUIRE(entries.size() == 3);
  CHECK(item(entries[0]).id == "one");
  CHECK(item(entries[0]).messages == std::vector{user_turn("[x] {y} \"q\" \\")});
  CHECK(item(entries[0]).line == 2);
  CHECK(item(entries[1]).line == 3);
  CHECK(item(entries[2]).messages == std::vector{user_turn("Third ]}")});
  CHECK(item(entries[2]).line == 4);
}

TEST_CASE("JSON array: a minified array on one line", "[prompts][json]") {
  TempDir dir;
  const auto entries =
      read_all(dir.write("p.json", "[{\"prompt\":\"a\"},{\"prompt\":\"b\",\"id\":2}]\n\n"));
  REQUIRE(entries.size() == 2);
  CHECK(item(entries[0]).messages == std::vector{user_turn("a")});
  CHECK(item(entries[1]).id == "2");
  CHECK(item(entries[1]).line == 1);
}

TEST_CASE("JSON array: a bad element is reported alone and reading goes on", "[prompts][json]") {
  TempDir dir;
  const auto path = dir.write("p.json",
                              "[\n"
                              "  {\"prompt\": \"ok\"},\n"
                              "  {\"prompt\": nope},\n"
                              "  \"just a string\",\n"
                              "  {\"prompt\": \"caf\xFF\"},\n"
                              "  {\"prompt\":\n"
                              "     \"multi\",\n"
                              "   \"id\": x},\n"
                              "  {\"prompt\": \"last\"}\n"
                              "]");
  const auto check = validate_prompts(path, {});
  CHECK(check.items == 2);
  CHECK(check.rejected == 4);
  const std::string f = path + ":";
  CHECK(printed(check.diagnostics) ==
        std::vector<std::string>{
            f + "3: invalid JSON at column 15: syntax error while parsing value - invalid "
                "literal; last read: '\"prompt\": no'",
            f + "4: expected a JSON object, got a string",
            f + "5: invalid UTF-8 at column 18 (byte 0xff)",
            f + "6: invalid JSON at line 8, column 10: syntax error while parsing value - "
                "invalid literal; last read: '\"id\": x'",
        });
  const auto entries = read_all(path);
  CHECK(rejected(entries[4]).raw == "{\"prompt\":\n     \"multi\",\n   \"id\": x}");
}

TEST_CASE("JSON array: a broken array stops reading, word for word", "[prompts][json]") {
  TempDir dir;
  const std::string f = dir.path("p.json") + ":";
  CHECK(problems(dir, "{\"prompt\": \"x\"}\n") ==
        std::vector<std::string>{f + "1: expected \"[\" to start a JSON array, got \"{\" (one "
                                     "JSON object per line is the jsonl format)"});
  CHECK(problems(dir, "\n  prompts") ==
        std::vector<std::string>{f + "2: expected \"[\" to start a JSON array, got \"p\""});
  CHECK(problems(dir, "[{\"prompt\": \"a\"} {\"prompt\": \"b\"}]") ==
        std::vector<std::string>{
            f + "1: invalid JSON: expected \",\" or \"]\" after an array element, got \"{\""});
  CHECK(problems(dir, "[{\"prompt\": \"a\"},\n]") ==
        std::vector<std::string>{f + "2: invalid JSON: \",\" before \"]\""});
  CHECK(problems(dir, "[{\"prompt\": \"a\"}\n") ==
        std::vector<std::string>{
            f + "1: invalid JSON: the array is not closed before the end of the file"});
  CHECK(problems(dir, "[\n{\"prompt\": \"a\"") ==
        std::vector<std::string>{
            f + "2: invalid JSON: the array element is not closed before the end of the file"});
  CHECK(problems(dir, "[{\"prompt\": \"a\"}]\nx") ==
        std::vector<std::string>{f + "2: invalid JSON: \"x\" after the end of the array"});
  CHECK(problems(dir, "[,{\"prompt\": \"a\"}]") ==
        std::vector<std::string>{f + "1: invalid JSON: missing array element before \",\""});
}

TEST_CASE("JSON array: records before a broken array are still reported", "[prompts][json]") {
  TempDir dir;
  const std::string f = dir.path("p.json") + ":";
  CHECK(problems(dir, "[{\"prompt\": 1},\n {\"prompt\": \"b\"}") ==
        std::vector<std::string>{
            f + "1: prompt: expected a string or a list of messages, got an integer",
            f + "1: invalid JSON: the array is not closed before the end of the file"});
}

TEST_CASE("JSON array: no element means no prompts", "[prompts][json]") {
  TempDir dir;
  const std::string f = dir.path("p.json") + ": ";
  CHECK(problems(dir, "[ ]") == std::vector<std::string>{f + "no prompts found"});
  CHECK(problems(dir, "") == std::vector<std::string>{f + "no prompts found"});
  CHECK(problems(dir, " \n\t\n") == std::vector<std::string>{f + "no prompts found"});
}
