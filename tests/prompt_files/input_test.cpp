#include <catch2/catch.hpp>

#include "prompt_files/input.hpp"
#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;

TEST_CASE("input: lines, columns and line ends", "[prompts][input]") {
  TempDir dir;
  PromptInput input(dir.write("f",
                              "\xEF\xBB\xBF"
                              "ab\r\ncd\n\nlast"),
                    "f");
  CHECK(input.peek_nonspace() == 'a');
  CHECK(input.line() == 1);
  CHECK(input.get() == 'a');
  CHECK(input.column() == 2);
  std::string line;
  REQUIRE(input.read_line(line));
  CHECK(line == "b");
  CHECK(input.line() == 2);
  CHECK(input.column() == 1);
  REQUIRE(input.read_line(line));
  CHECK(line == "cd");
  REQUIRE(input.read_line(line));
  CHECK(line.empty());
  REQUIRE(input.read_line(line));
  CHECK(line == "last");
  CHECK(input.line() == 4);
  CHECK(input.column() == 5);
  CHECK_FALSE(input.read_line(line));
  CHECK(input.get() == -1);
  CHECK(input.peek() == -1);
  CHECK(input.peek_nonspace() == -1);
}

TEST_CASE("input: a byte order mark alone, and an empty file", "[prompts][input]") {
  TempDir dir;
  PromptInput bom(dir.write("bom", "\xEF\xBB\xBF"), "bom");
  CHECK(bom.get() == -1);
  PromptInput empty(dir.write("empty", ""), "empty");
  std::string line;
  CHECK_FALSE(empty.read_line(line));
}

TEST_CASE("input: a line much longer than the buffer", "[prompts][input]") {
  TempDir dir;
  const std::string long_line(300000, 'q');
  PromptInput input(dir.write("f", long_line + "\nnext"), "f");
  std::string line;
  REQUIRE(input.read_line(line));
  CHECK(line == long_line);
  REQUIRE(input.read_line(line));
  CHECK(line == "next");
}

TEST_CASE("input: an unreadable file names itself", "[prompts][input]") {
  TempDir dir;
  CHECK_THROWS_WITH(PromptInput(dir.path("nope"), "shown-name"),
                    "shown-name: cannot read: No such file or directory");
}
