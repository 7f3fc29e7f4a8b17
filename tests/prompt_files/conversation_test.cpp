#include <catch2/catch.hpp>

#include "prompt_files/hash.hpp"
#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;

namespace {
std::vector<std::string> problems(const TempDir& dir, const std::string& lines,
                                  const PromptFormatOptions& options = {}) {
  return printed(validate_prompts(dir.write("p.jsonl", lines), options).diagnostics);
}
}  // namespace

TEST_CASE("conversations: OpenAI, ShareGPT and Capybara turns", "[prompts][conversation]") {
  TempDir dir;
  const auto entries = read_all(dir.write(
      "p.jsonl",
      R"({"id": "openai", "messages": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}, {"role": "user", "content": "Bye?", "name": "ignored"}]})"
      "\n"
      R"({"id": "sharegpt", "conversation": [{"from": "system", "value": "Be terse."}, {"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello."}, {"from": "human", "value": "Bye?"}]})"
      "\n"
      R"({"id": "capybara", "conversation": [{"input": "Hi", "output": "Hello."}, {"input": "Bye?"}]})"
      "\n"));
  REQUIRE(entries.size() == 3);
  const std::vector expected{system_turn("Be terse."), user_turn("Hi"), assistant_turn("Hello."),
                             user_turn("Bye?")};
  CHECK(item(entries[0]).messages == expected);
  CHECK(item(entries[1]).messages == expected);
  CHECK(item(entries[2]).messages ==
        std::vector{user_turn("Hi"), assistant_turn("Hello."), user_turn("Bye?")});
}

TEST_CASE("conversations: prompt_field first, then messages, then conversation",
          "[prompts][conversation]") {
  TempDir dir;
  const auto entries = read_all(dir.write(
      "p.jsonl",
      R"({"prompt": "from prompt", "messages": [{"role": "user", "content": "from messages"}]})"
      "\n"
      R"({"conversation": "from conversation", "messages": "from messages"})"
      "\n"));
  REQUIRE(entries.size() == 2);
  CHECK(item(entries[0]).messages == std::vector{user_turn("from prompt")});
  CHECK(item(entries[1]).messages == std::vector{user_turn("from messages")});

  PromptFormatOptions options;
  options.prompt_field = "question";
  const std::string f = dir.path("p.jsonl") + ":";
  CHECK(problems(dir, "{\"question\": \"Q\"}\n{\"messages\": \"M\"}\n{\"prompt\": \"P\"}\n",
                 options) ==
        std::vector<std::string>{f + "3: missing field \"question\" (also looked for "
                                     "\"messages\" and \"conversation\")"});
  options.prompt_field = "messages";
  CHECK(problems(dir, "{\"prompt\": \"P\"}\n", options) ==
        std::vector<std::string>{f + "1: missing field \"messages\" (also looked for "
                                     "\"conversation\")"});
}

TEST_CASE("conversations: every problem, word for word", "[prompts][conversation]") {
  TempDir dir;
  const std::string f = dir.path("p.jsonl") + ":";
  CHECK(
      problems(
          dir,
          R"({"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]})"
          "\n"
          R"({"messages": [{"role": "user", "content": "Q"}, {"role": "system", "content": "S"}]})"
          "\n"
          R"({"messages": [{"role": "user", "content": "Q"}, {"role": "tool", "content": "T"}]})"
          "\n"
          R"({"messages": [{"role": 3, "content": "Q"}]})"
          "\n"
          R"({"messages": [{"role": "user"}]})"
          "\n"
          R"({"messages": [{"role": "user", "content": null}]})"
          "\n"
          R"({"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": " \n "}]})"
          "\n"
          R"({"messages": ["hello"]})"
          "\n"
          R"({"messages": [{"speaker": "user", "text": "Q"}]})"
          "\n"
          R"({"messages": []})"
          "\n"
          R"({"messages": {"role": "user", "content": "Q"}})"
          "\n"
          R"({"conversation": [{"from": "human", "value": "Q"}, {"from": "bot", "value": "A"}]})"
          "\n"
          R"({"conversation": [{"from": "human"}]})"
          "\n"
          R"({"conversation": [{"from": ["human"], "value": "Q"}]})"
          "\n"
          R"({"conversation": [{"input": "Q", "output": ""}, {"input": "Q2"}]})"
          "\n"
          R"({"conversation": [{"input": "Q", "output": "A"}]})"
          "\n"
          R"({"conversation": [{"output": "A"}]})"
          "\n") ==
      std::vector<std::string>{
          f + "1: messages: conversation ends with an assistant turn",
          f + "2: messages: conversation ends with a system turn",
          f + "3: messages[1].role: unknown role \"tool\" (expected system, user or assistant)",
          f + "4: messages[0].role: expected a string, got an integer",
          f + "5: messages[0]: missing \"content\"",
          f + "6: messages[0].content: expected a string, got null",
          f + "7: messages[1].content: empty content",
          f + "8: messages[0]: expected a message object, got a string",
          f + "9: messages[0]: expected \"role\" and \"content\" (OpenAI), \"from\" and \"value\" "
              "(ShareGPT) or \"input\" and \"output\" (Capybara)",
          f + "10: messages: empty conversation",
          f + "11: messages: expected a string or a list of messages, got an object",
          f + "12: conversation[1].from: unknown ShareGPT role \"bot\" (expected human, gpt or "
              "system)",
          f + "13: conversation[0]: missing \"value\"",
          f + "14: conversation[0].from: expected a string, got an array",
          f + "15: conversation[0].output: empty content",
          f + "16: conversation: conversation ends with an assistant turn",
          f + "17: conversation[0]: expected \"role\" and \"content\" (OpenAI), \"from\" and "
              "\"value\" (ShareGPT) or \"input\" and \"output\" (Capybara)",
      });
}

TEST_CASE("the system prompt option is prepended when there is no system turn",
          "[prompts][conversation]") {
  TempDir dir;
  const auto path = dir.write(
      "p.jsonl",
      R"({"prompt": "Plain"})"
      "\n"
      R"({"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}, {"role": "user", "content": "Q2"}]})"
      "\n"
      R"({"messages": [{"role": "user", "content": "Q"}, {"role": "system", "content": "Own"}, {"role": "user", "content": "Q2"}]})"
      "\n");
  PromptFormatOptions options;
  options.system_prompt = "Answer in French.";
  const auto with = read_all(path, options);
  const auto without = read_all(path);
  REQUIRE(with.size() == 3);
  REQUIRE(without.size() == 3);
  CHECK(item(with[0]).messages ==
        std::vector{system_turn("Answer in French."), user_turn("Plain")});
  CHECK(item(with[1]).messages == std::vector{system_turn("Answer in French."), user_turn("Q"),
                                              assistant_turn("A"), user_turn("Q2")});
  CHECK(item(with[2]).messages == item(without[2]).messages);
  // The id belongs to the prompt in the file, not to the run's system prompt.
  for (std::size_t i = 0; i < 3; ++i) CHECK(item(with[i]).id == item(without[i]).id);
  CHECK(item(with[0]).id == content_id({user_turn("Plain")}));
}
