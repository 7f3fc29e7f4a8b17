#include <catch2/catch.hpp>

#include <set>

#include "fake/responder.hpp"

using nlohmann::json;
using namespace pogen::llm;

namespace {

json request(const std::string& question, std::optional<int> seed = std::nullopt) {
  json body = {{"model", "m1"},
               {"messages",
                {{{"role", "system"}, {"content", "Be helpful."}},
                 {{"role", "user"}, {"content", question}}}}};
  if (seed) body["seed"] = *seed;
  return body;
}

std::size_t sentences(const std::string& text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' ')) ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("fake_reply is deterministic", "[fake]") {
  const json body = request("Why is the sky blue", 3);
  CHECK(fake_reply(body, 0) == fake_reply(body, 0));
  CHECK(fake_reply(body, 1) == fake_reply(json::parse(body.dump()), 1));
  CHECK(fake_request_hash(body, 0) == fake_request_hash(body, 0));
}

TEST_CASE("fake_reply quotes the question and writes two to five sentences", "[fake]") {
  for (int seed = 0; seed < 50; ++seed) {
    const std::string reply = fake_reply(request("Why is the sky blue", seed), 0);
    INFO(reply);
    CHECK(reply.rfind("Regarding \"Why is the sky blue\", here is a short answer. ", 0) == 0);
    CHECK(sentences(reply) >= 2);
    CHECK(sentences(reply) <= 5);
  }
  // The last user message is quoted, not the system prompt or an earlier turn.
  json body = request("first question");
  body["messages"].push_back({{"role", "assistant"}, {"content", "an answer"}});
  body["messages"].push_back({{"role", "user"}, {"content", "  second\n\n question  "}});
  CHECK(fake_reply(body, 0).rfind("Regarding \"second question\", here is a short answer.", 0) ==
        0);
}

TEST_CASE("seeds, choice indexes, models and messages change the reply", "[fake]") {
  std::set<std::string> replies;
  for (int seed = 0; seed < 20; ++seed) replies.insert(fake_reply(request("Q", seed), 0));
  CHECK(replies.size() == 20);

  const json body = request("Q", 1);
  CHECK(fake_reply(body, 0) != fake_reply(body, 1));
  json other_model = body;
  other_model["model"] = "m2";
  CHECK(fake_request_hash(other_model, 0) != fake_request_hash(body, 0));
  CHECK(fake_request_hash(request("Q ", 1), 0) != fake_request_hash(body, 0));
  // A sampling parameter that is not part of the hash does not change the answer.
  json warmer = body;
  warmer["temperature"] = 1.5;
  CHECK(fake_reply(warmer, 0) == fake_reply(body, 0));
}

TEST_CASE("a long quote is cut on a character boundary", "[fake]") {
  std::string question;
  for (int i = 0; i < 40; ++i) question += "\xF0\x9F\x98\x80";  // 😀, 4 bytes each
  question = "ab" + question;  // 2 + 4k bytes: 60 bytes falls inside an emoji
  const std::string reply = fake_reply(request(question), 0);
  const std::string expected_quote = "Regarding \"ab" + question.substr(2, 56) + "...\"";
  CHECK(reply.rfind(expected_quote, 0) == 0);
  CHECK_NOTHROW(json(reply).dump());  // dump() throws on invalid UTF-8
}

TEST_CASE("a request without a user message still gets an answer", "[fake]") {
  const json body = {{"model", "m"}, {"messages", json::array()}};
  CHECK(fake_reply(body, 0).rfind("Here is a short answer. ", 0) == 0);
  CHECK(fake_reply(json::array(), 0).rfind("Here is a short answer. ", 0) == 0);
}

TEST_CASE("the default responder comes last and accepts everything", "[fake]") {
  const auto& responders = fake_responders();
  REQUIRE_FALSE(responders.empty());
  CHECK(responders.back().name == "default");
  CHECK(responders.back().accepts(json::object()));
  const json body = request("Q", 9);
  CHECK(responders.back().reply(body, fake_request_hash(body, 0), FakeSettings{}) ==
        fake_reply(body, 0));
}
