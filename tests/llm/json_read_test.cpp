#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "llm/json_read.hpp"

using nlohmann::json;
using pogen::llm::read_plain_json;

namespace {

// Equal values of the same types all the way down (json's == takes 0u and 0 as equal).
bool same(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !same(it.value(), *other)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

// Whatever the reader accepts, nlohmann accepts and reads the same way.
bool agrees(const std::string& text) {
  auto fast = read_plain_json(text);
  if (!fast) return true;
  json slow;
  try {
    slow = json::parse(text);
  } catch (const json::parse_error&) {
    return false;
  }
  return same(*fast, slow);
}

const std::string kCompletion =
    R"({"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"m",)"
    R"("choices":[{"index":0,"message":{"role":"assistant","content":"Line one\nTab\t\"q\" \\ )"
    R"(\/ \u00e9 \u2014 \ud83d\ude00 \u0000"},"finish_reason":"stop","logprobs":null}],)"
    R"("usage":{"prompt_tokens":380,"completion_tokens":85,"total_tokens":465},"x":[true,false,)"
    R"(-0,0,-12,123456789012345678,[],{}]})";

}  // namespace

TEST_CASE("read_plain_json reads a chat completion as nlohmann does", "[json_read]") {
  auto fast = read_plain_json(kCompletion);
  REQUIRE(fast);
  CHECK(same(*fast, json::parse(kCompletion)));
  CHECK(fast->at("x")[2].is_number_integer());
  CHECK(fast->at("x")[3].is_number_unsigned());
  CHECK(read_plain_json(" {\"a\":1,\"a\":2}\n")->at("a") == 2);  // the last repeated key wins
}

TEST_CASE("read_plain_json leaves what it does not read to nlohmann", "[json_read]") {
  const std::vector<std::string> declined = {"",
                                             "1.5",
                                             "1e3",
                                             "-1E2",
                                             "1234567890123456789",
                                             "01",
                                             "-",
                                             "[1,]",
                                             "{\"a\" 1}",
                                             "{\"a\":1,}",
                                             "tru",
                                             "nul",
                                             "[1] x",
                                             "\"\\ud800\"",
                                             "\"\\udc00\"",
                                             "\"\\x\"",
                                             "\"a\tb\"",
                                             "\"caf\xc3\xa9\"",
                                             "\xef\xbb\xbf{}",
                                             "{'a':1}",
                                             "[1 2]",
                                             "\"\\u12g4\"",
                                             "\"unterminated"};
  for (const std::string& text : declined) {
    INFO(text);
    CHECK_FALSE(read_plain_json(text));
  }
}

TEST_CASE("read_plain_json agrees with nlohmann on mutated texts", "[json_read]") {
  std::mt19937 random(20261127);
  const std::string alphabet = "{}[]\":,\\/-+.0123456789eEtrufalsn \n\tu\xc3\xa9";
  for (int round = 0; round < 20000; ++round) {
    std::string text = kCompletion;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % text.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          text.erase(at, 1);
          break;
        case 1:
          text.insert(at, 1, c);
          break;
        default:
          text[at] = c;
          break;
      }
    }
    INFO(text);
    REQUIRE(agrees(text));
  }
}
