#include <catch2/catch.hpp>

#include "prompt_files/hash.hpp"
#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;

TEST_CASE("JSONL: one object per line, blank lines skipped but counted", "[prompts][jsonl]") {
  TempDir dir;
  const auto path =
      dir.write("p.jsonl",
                "{\"id\": \"a\", \"prompt\": \"Explain TCP.\"}\n"
                "\n"
                "   \t\n"
                "{\"prompt\": \"Second\"}\r\n"
                "{\"id\": 7, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");
  PromptReader reader(path, {});
  CHECK(reader.format() == PromptFormatOptions::Format::jsonl);
  const auto entries = read_all(reader);
  REQUIRE(entries.size() == 3);
  CHECK(item(entries[0]).id == "a");
  CHECK(item(entries[0]).messages == std::vector{user_turn("Explain TCP.")});
  CHECK(item(entries[0]).source == path);
  CHECK(item(entries[0]).line == 1);
  CHECK(item(entries[1]).id == content_id({user_turn("Second")}));
  CHECK(item(entries[1]).line == 4);
  CHECK(item(entries[2]).id == "7");
  CHECK(item(entries[2]).messages == std::vector{user_turn("Hi")});
  CHECK(item(entries[2]).line == 5);
  CHECK(reader.records() == 3);
}

TEST_CASE("JSONL: every kind of bad line, word for word", "[prompts][jsonl]") {
  TempDir dir;
  const auto path = dir.write("bad.jsonl",
                              "{\"id\": \"a\", \"prompt\": \"First\"}\n"  // 1
                              "{\"prompt\": x}\n"                         // 2
                              "[1, 2]\n"                                  // 3
                              "{\"prompt\": \"caf\xFF\"}\n"               // 4
                              "{\"text\": \"hi\"}\n"                      // 5
                              "{\"prompt\": 42}\n"                        // 6
                              "{\"prompt\": \"  \\n\\t \"}\n"             // 7
                              "{\"id\": \"\", \"prompt\": \"x\"}\n"       // 8
                              "{\"id\": 1.5, \"prompt\": \"x\"}\n"        // 9
                              "{\"id\": \"a\", \"prompt\": \"again\"}\n"  // 10
                              "{\"prompt\": \"Second\"}\n"                // 11
                              "{\"prompt\": \"Second\"}\n"                // 12
                              "{\"prompt\": \"x\"\n"                      // 13
                              "{\"id\": true, \"prompt\": \"x\"}\n"       // 14
                              "{\"prompt\": \"tab\there\"}\n");           // 15
  const auto check = validate_prompts(path, {});
  CHECK(check.items == 2);
  CHECK(check.rejected == 13);
  const std::string f = path + ":";
  CHECK(printed(check.diagnostics) ==
        std::vector<std::string>{
            f + "2: invalid JSON at column 12: syntax error while parsing value - invalid "
                "literal; last read: '\"prompt\": x'",
            f + "3: expected a JSON object, got an array",
            f + "4: invalid UTF-8 at column 16 (byte 0xff)",
            f + "5: missing field \"prompt\" (also looked for \"messages\" and \"conversation\")",
            f + "6: prompt: expected a string or a list of messages, got an integer",
            f + "7: prompt: empty prompt",
            f + "8: id: empty id",
            f + "9: id: expected a string or an integer, got a floating-point number",
            f + "10: duplicate id \"a\" (first seen on line 1)",
            f + "12: duplicate prompt (same content as line 11)",
            f + "13: invalid JSON at column 15: syntax error while parsing object - unexpected "
                "end of input; expected '}'",
            f + "14: id: expected a string or an integer, got a boolean",
            f + "15: invalid JSON at column 16: syntax error while parsing value - invalid "
                "string: control character U+0009 (HT) must be escaped to \\u0009 or \\t; last "
                "read: '\"tab<U+0009>'",
        });
}

TEST_CASE("JSONL: a rejected record keeps its raw line and its field", "[prompts][jsonl]") {
  TempDir dir;
  const auto path = dir.write("r.jsonl", "{\"prompt\": 42}\r\n");
  const auto entries = read_all(path);
  REQUIRE(entries.size() == 1);
  const auto& r = rejected(entries[0]);
  CHECK(r.source == path);
  CHECK(r.line == 1);
  CHECK(r.field == "prompt");
  CHECK(r.reason == "expected a string or a list of messages, got an integer");
  CHECK(r.raw == "{\"prompt\": 42}");
}

TEST_CASE("JSONL: a line longer than the read buffer is one record", "[prompts][jsonl]") {
  TempDir dir;
  const std::string big(200000, 'z');
  const auto path = dir.write("big.jsonl", "{\"prompt\": \"" + big + "\"}\n{\"prompt\": \"b\"}\n");
  const auto entries = read_all(path);
  REQUIRE(entries.size() == 2);
  CHECK(item(entries[0]).messages == std::vector{user_turn(big)});
  CHECK(item(entries[1]).line == 2);
}
