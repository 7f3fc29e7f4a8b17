#include <catch2/catch.hpp>

#include "prompt_files/hash.hpp"
#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;

namespace {
std::vector<std::string> problems(const TempDir& dir, const std::string& content) {
  return printed(validate_prompts(dir.write("p.csv", content), {}).diagnostics);
}
}  // namespace

TEST_CASE("CSV: RFC 4180 quoting, embedded newlines, CRLF", "[prompts][csv]") {
  TempDir dir;
  const auto path = dir.write("p.csv",
                              "id,prompt,notes\r\n"
                              "1,What is a monad?,\r\n"
                              "q2,\"Say \"\"hello\"\", then stop.\",x\r\n"
                              "\r\n"
                              "3,\"Line one\r\n"
                              "line two, still the prompt\",\r\n"
                              "4,Next,\"notes with\n"
                              "newline\"\n"
                              "5,\"\"\"quoted\"\" start\",\"\"");
  PromptReader reader(path, {});
  CHECK(reader.format() == PromptFormatOptions::Format::csv);
  const auto entries = read_all(reader);
  REQUIRE(entries.size() == 5);
  CHECK(item(entries[0]).id == "1");
  CHECK(item(entries[0]).messages == std::vector{user_turn("What is a monad?")});
  CHECK(item(entries[0]).line == 2);
  CHECK(item(entries[1]).id == "q2");
  CHECK(item(entries[1]).messages == std::vector{user_turn("Say \"hello\", then stop.")});
  CHECK(item(entries[1]).line == 3);
  CHECK(item(entries[2]).messages ==
        std::vector{user_turn("Line one\nline two, still the prompt")});
  CHECK(item(entries[2]).line == 5);
  CHECK(item(entries[3]).messages == std::vector{user_turn("Next")});
  CHECK(item(entries[3]).line == 7);
  CHECK(item(entries[4]).messages == std::vector{user_turn("\"quoted\" start")});
  CHECK(item(entries[4]).line == 9);
}

TEST_CASE("CSV: the prompt column is prompt_field; without an id column ids are generated",
          "[prompts][csv]") {
  TempDir dir;
  PromptFormatOptions options;
  options.prompt_field = "question";
  const auto entries = read_all(
      dir.write("p.csv", "\xEF\xBB\xBFquestion,answer\nWhy is the sky blue?,Rayleigh\n"), options);
  REQUIRE(entries.size() == 1);
  CHECK(item(entries[0]).messages == std::vector{user_turn("Why is the sky blue?")});
  CHECK(item(entries[0]).id == content_id({user_turn("Why is the sky blue?")}));
}

TEST_CASE("CSV: bad records, word for word", "[prompts][csv]") {
  TempDir dir;
  const std::string f = dir.path("p.csv") + ":";
  CHECK(problems(dir,
                 "prompt,id\n"                    // 1
                 "ok,1\n"                         // 2
                 "bad\"quote,2\n"                 // 3
                 "\"closed\"x,3\n"                // 4
                 "only one field\n"               // 5
                 "a,b,c\n"                        // 6
                 "caf\xFF,7\n"                    // 7
                 "\"  \",8\n"                     // 8
                 "dup,1\n"                        // 9
                 "\"multi\nline, then x\"y,10\n"  // 10-11
                 "hello,\n"                       // 12
                 "\"never closed,13\nmore\n") ==  // 13-14
        std::vector<std::string>{
            f + "3: invalid CSV at column 4: a quote inside unquoted field 1",
            f + "4: invalid CSV at column 9: \"x\" after the closing quote of field 1",
            f + "5: expected 2 fields as in the header, found 1",
            f + "6: expected 2 fields as in the header, found 3",
            f + "7: invalid UTF-8 at column 4 (byte 0xff)",
            f + "8: prompt: empty prompt",
            f + "9: duplicate id \"1\" (first seen on line 2)",
            f + "10: invalid CSV at line 11, column 14: \"y\" after the closing quote of field 1",
            f + "12: id: empty id",
            f + "13: invalid CSV: quoted field 1 is not closed before the end of the file",
        });
}

TEST_CASE("CSV: a bad header stops reading, word for word", "[prompts][csv]") {
  TempDir dir;
  const std::string f = dir.path("p.csv") + ":";
  CHECK(problems(dir, "question,answer\nx,y\n") ==
        std::vector<std::string>{
            f + "1: CSV header has no \"prompt\" column (columns: \"question\", \"answer\")"});
  CHECK(problems(dir, "\nprompt,id,prompt\nx,1,y\n") ==
        std::vector<std::string>{f + "2: CSV header has 2 columns named \"prompt\""});
  CHECK(problems(dir, "prompt,id,id\nx,1,2\n") ==
        std::vector<std::string>{f + "1: CSV header has 2 columns named \"id\""});
  CHECK(problems(dir, "\"prompt,id\n") ==
        std::vector<std::string>{f + "1: CSV header: invalid CSV: quoted field 1 is not closed "
                                     "before the end of the file"});
  CHECK(problems(dir, "pr\xC3pt\nx\n") ==
        std::vector<std::string>{f + "1: CSV header: invalid UTF-8 at column 3 (byte 0xc3)"});
}

TEST_CASE("CSV: no record means no prompts", "[prompts][csv]") {
  TempDir dir;
  const std::string f = dir.path("p.csv") + ": ";
  CHECK(problems(dir, "") == std::vector<std::string>{f + "no prompts found"});
  CHECK(problems(dir, "prompt,id\r\n\r\n") == std::vector<std::string>{f + "no prompts found"});
}
