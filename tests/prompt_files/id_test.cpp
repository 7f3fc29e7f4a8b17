#include <algorithm>
#include <map>
#include <random>

#include <catch2/catch.hpp>

#include "prompt_files/hash.hpp"
#include "prompt_files/ids.hpp"
#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;

TEST_CASE("ids: strings and integers from the id field", "[prompts][ids]") {
  TempDir dir;
  PromptFormatOptions options;
  options.id_field = "uid";
  const auto entries = read_all(dir.write("p.jsonl",
                                          "{\"uid\": \"q-1\", \"prompt\": \"a\"}\n"
                                          "{\"uid\": -12, \"prompt\": \"b\"}\n"
                                          "{\"uid\": 18446744073709551615, \"prompt\": \"c\"}\n"
                                          "{\"id\": \"ignored\", \"prompt\": \"d\"}\n"),
                                options);
  REQUIRE(entries.size() == 4);
  CHECK(item(entries[0]).id == "q-1");
  CHECK(item(entries[1]).id == "-12");
  CHECK(item(entries[2]).id == "18446744073709551615");
  CHECK(item(entries[3]).id == content_id({user_turn("d")}));
}

TEST_CASE("ids: generated from the conversation alone, whatever its form", "[prompts][ids]") {
  TempDir dir;
  const auto a = read_all(dir.write(
      "a.jsonl",
      R"({"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}, {"role": "user", "content": "Q2"}]})"
      "\n"
      R"({"prompt": "Solo"})"
      "\n"));
  const auto b = read_all(dir.write(
      "b.json",
      R"([{"conversation": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}, {"from": "human", "value": "Q2"}]},)"
      "\n"
      R"( {"messages": [{"role": "user", "content": "Solo"}]}])"));
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  CHECK(item(a[0]).id == item(b[0]).id);
  CHECK(item(a[1]).id == item(b[1]).id);
  CHECK(item(a[1]).id == "p-545cfc9f3be35d47");
}

TEST_CASE("ids: shuffling a file keeps every prompt's id", "[prompts][ids]") {
  TempDir dir;
  std::vector<std::string> lines;
  for (int i = 0; i < 300; ++i) {
    lines.push_back("{\"prompt\": \"Question number " + std::to_string(i) + "\"}");
  }
  const auto ids_by_prompt = [](const std::vector<PromptEntry>& entries) {
    std::map<std::string, std::string> ids;
    for (const auto& entry : entries) ids[item(entry).messages.back().content] = item(entry).id;
    return ids;
  };
  const auto join = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) out += part + "\n";
    return out;
  };
  const auto before = read_all(dir.write("before.jsonl", join(lines)));
  std::shuffle(lines.begin(), lines.end(), std::mt19937(7));
  const auto after = read_all(dir.write("after.jsonl", join(lines)));
  REQUIRE(before.size() == 300);
  REQUIRE(after.size() == 300);
  CHECK(item(before[0]).messages.back().content != item(after[0]).messages.back().content);
  CHECK(ids_by_prompt(before) == ids_by_prompt(after));
  CHECK(ids_by_prompt(before).size() == 300);
}

TEST_CASE("ids: an explicit id equal to a generated one is a duplicate", "[prompts][ids]") {
  TempDir dir;
  const auto path = dir.write("p.jsonl",
                              "{\"prompt\": \"Solo\"}\n"
                              "{\"id\": \"p-545cfc9f3be35d47\", \"prompt\": \"Other\"}\n");
  CHECK(printed(validate_prompts(path, {}).diagnostics) ==
        std::vector<std::string>{path +
                                 ":2: duplicate id \"p-545cfc9f3be35d47\" (first seen on line 1)"});
}

TEST_CASE("the id registry keeps the first line and grows", "[prompts][ids]") {
  PromptIdRegistry ids;
  std::size_t duplicates = 0;
  for (std::size_t i = 0; i < 50000; ++i) {
    if (ids.insert("id-" + std::to_string(i), i + 1)) ++duplicates;
  }
  CHECK(duplicates == 0);
  CHECK(ids.size() == 50000);
  CHECK(ids.insert("id-0", 60000) == 1u);
  CHECK(ids.insert("id-49999", 60001) == 50000u);
  CHECK(ids.insert("id-0", 60002) == 1u);
  CHECK(ids.size() == 50000);
}
