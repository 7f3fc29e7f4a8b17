#include <catch2/catch.hpp>

#include "chat/answer.hpp"
#include "llm/protocol.hpp"

using nlohmann::json;
using namespace pogen::llm;

namespace {

json valid_body() {
  return json::parse(R"({
    "id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "m1",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello."},
                 "logprobs": null, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}})");
}

// The failure message of parsing `body`, or a marker when it parsed.
std::string error_of(const std::string& body) {
  const Outcome<ChatResponse> outcome = parse_chat_response(body);
  if (outcome.ok()) return "<parsed>";
  CHECK(outcome.failure().kind == FailureKind::malformed_response);
  return outcome.failure().message;
}

std::string error_of(const json& body) { return error_of(body.dump()); }

}  // namespace

TEST_CASE("a valid completion parses completely", "[protocol]") {
  const Outcome<ChatResponse> outcome = parse_chat_response(valid_body().dump());
  REQUIRE(outcome.ok());
  const ChatResponse& response = outcome.value();
  CHECK(response.id == "chatcmpl-1");
  CHECK(response.model == "m1");
  REQUIRE(response.choices.size() == 1);
  CHECK(response.choices[0].index == 0);
  CHECK(response.choices[0].content == "Hello.");
  CHECK(response.choices[0].finish_reason == "stop");
  CHECK(response.usage.prompt_tokens == 12);
  CHECK(response.usage.completion_tokens == 3);
  CHECK(response.usage.total_tokens == 15);
}

TEST_CASE("a body that is not JSON is reported with an excerpt", "[protocol]") {
  CHECK(error_of(std::string()) == "body is empty");
  CHECK(error_of(std::string("<html>oops</html>")) ==
        "body is not JSON: parse error at line 1, column 1: syntax error while parsing value - "
        "invalid literal; last read: '<'; body (17 bytes): <html>oops</html>");

  const std::string long_body = "{\"id\": " + std::string(300, 'x');
  const std::string message = error_of(long_body);
  CHECK(message.rfind("body is not JSON: parse error at line 1, column 8: ", 0) == 0);
  CHECK(message.find("; body (307 bytes): {\"id\": " + std::string(193, 'x') + "...") !=
        std::string::npos);
  CHECK(message.size() < 400);
}

TEST_CASE("the excerpt of a non-JSON body keeps UTF-8 whole", "[protocol]") {
  std::string body = "x" + std::string(198, 'y');
  for (int i = 0; i < 10; ++i) body += "\xE2\x82\xAC";  // €, 3 bytes, straddles byte 200
  const std::string message = error_of(body);
  const std::string expected_tail = "body (229 bytes): " + body.substr(0, 199) + "...";
  CHECK(message.substr(message.size() - expected_tail.size()) == expected_tail);
}

TEST_CASE("the top level must be a completion object", "[protocol]") {
  CHECK(error_of(json::array()) == "body: expected an object, got an array");
  CHECK(error_of(json("text")) == "body: expected an object, got a string");
  CHECK(error_of(json::parse(R"({"error":{"message":"upstream failed","code":502}})")) ==
        "body: an error instead of a completion: upstream failed");
  CHECK(error_of(json::parse(R"({"error":"bad"})")) ==
        "body: an error instead of a completion: bad");
}

TEST_CASE("missing and wrong-typed top-level fields", "[protocol]") {
  json body = valid_body();
  SECTION("id") {
    body.erase("id");
    CHECK(error_of(body) == "id: missing");
    body["id"] = 17;
    CHECK(error_of(body) == "id: expected a string, got an integer (17)");
  }
  SECTION("model") {
    body.erase("model");
    CHECK(error_of(body) == "model: missing");
    body["model"] = nullptr;
    CHECK(error_of(body) == "model: expected a string, got null");
  }
  SECTION("choices") {
    body.erase("choices");
    CHECK(error_of(body) == "choices: missing");
    body["choices"] = json::object();
    CHECK(error_of(body) == "choices: expected an array, got an object");
    body["choices"] = json::array();
    CHECK(error_of(body) == "choices: empty");
  }
  SECTION("usage") {
    body.erase("usage");
    CHECK(error_of(body) == "usage: missing");
    body["usage"] = nullptr;
    CHECK(error_of(body) == "usage: expected an object, got null");
  }
}

TEST_CASE("missing and wrong-typed fields inside a choice", "[protocol]") {
  json body = valid_body();
  json& choice = body["choices"][0];
  SECTION("the choice itself") {
    body["choices"][0] = "text";
    CHECK(error_of(body) == "choices[0]: expected an object, got a string");
  }
  SECTION("index") {
    choice.erase("index");
    CHECK(error_of(body) == "choices[0].index: missing");
    choice["index"] = "0";
    CHECK(error_of(body) == "choices[0].index: expected an integer, got a string");
    choice["index"] = 1.5;
    CHECK(error_of(body) == "choices[0].index: expected an integer, got a number (1.5)");
    choice["index"] = -1;
    CHECK(error_of(body) ==
          "choices[0].index: expected a non-negative integer, got an integer (-1)");
  }
  SECTION("message") {
    choice.erase("message");
    CHECK(error_of(body) == "choices[0].message: missing");
    choice["message"] = json::array();
    CHECK(error_of(body) == "choices[0].message: expected an object, got an array");
  }
  SECTION("content") {
    choice["message"].erase("content");
    CHECK(error_of(body) == "choices[0].message.content: missing");
    choice["message"]["content"] = json::array({"a"});
    CHECK(error_of(body) == "choices[0].message.content: expected a string or null, got an array");
    choice["message"]["content"] = false;
    CHECK(error_of(body) == "choices[0].message.content: expected a string or null, got a boolean");
  }
  SECTION("finish_reason") {
    choice["finish_reason"] = nullptr;
    CHECK(error_of(body) == "choices[0].finish_reason: expected a string, got null");
    choice.erase("finish_reason");
    CHECK(error_of(body) == "choices[0].finish_reason: missing");
  }
  SECTION("a later choice") {
    json second = choice;
    second["index"] = 1;
    second["message"]["content"] = 3;
    body["choices"].push_back(second);
    CHECK(error_of(body) ==
          "choices[1].message.content: expected a string or null, got an integer (3)");
  }
}

TEST_CASE("usage counts must be non-negative integers", "[protocol]") {
  json body = valid_body();
  for (const char* key : {"prompt_tokens", "completion_tokens", "total_tokens"}) {
    json broken = body;
    broken["usage"].erase(key);
    CHECK(error_of(broken) == std::string("usage.") + key + ": missing");
    broken["usage"][key] = "12";
    CHECK(error_of(broken) == std::string("usage.") + key + ": expected an integer, got a string");
  }
  body["usage"]["prompt_tokens"] = 12.0;
  CHECK(error_of(body) == "usage.prompt_tokens: expected an integer, got a number (12.0)");
}

TEST_CASE("null content is kept apart from empty content", "[protocol]") {
  json body = valid_body();
  body["choices"][0]["message"]["content"] = nullptr;
  Outcome<ChatResponse> outcome = parse_chat_response(body.dump());
  REQUIRE(outcome.ok());
  CHECK_FALSE(outcome.value().choices[0].content.has_value());

  body["choices"][0]["message"]["content"] = "";
  outcome = parse_chat_response(body.dump());
  REQUIRE(outcome.ok());
  CHECK(outcome.value().choices[0].content == "");
}

TEST_CASE("unicode and emoji survive the round trip", "[protocol]") {
  const std::string text =
      "Grüße, 世界! \xF0\x9F\x98\x80 \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB";
  json body = valid_body();
  body["choices"][0]["message"]["content"] = text;
  // Both raw UTF-8 and \u escapes (with a surrogate pair) are valid JSON for the same text.
  const std::string escaped = body.dump(-1, ' ', /*ensure_ascii=*/true);
  REQUIRE(escaped.find("\\ud83d\\ude00") != std::string::npos);
  for (const std::string& wire : {body.dump(), escaped}) {
    const Outcome<ChatResponse> outcome = parse_chat_response(wire);
    REQUIRE(outcome.ok());
    CHECK(outcome.value().choices[0].content == text);
  }
}

TEST_CASE("a 1 MB answer parses", "[protocol]") {
  std::string text;
  while (text.size() < 1'000'000) text += "All work and no play makes Jack a dull boy. ";
  json body = valid_body();
  body["choices"][0]["message"]["content"] = text;
  const Outcome<ChatResponse> outcome = parse_chat_response(body.dump());
  REQUIRE(outcome.ok());
  CHECK(outcome.value().choices[0].content->size() == text.size());
}

TEST_CASE("n choices are returned in index order", "[protocol]") {
  json body = valid_body();
  json choices = json::array();
  for (int index : {2, 0, 1}) {
    choices.push_back(
        {{"index", index},
         {"message", {{"role", "assistant"}, {"content", "answer " + std::to_string(index)}}},
         {"finish_reason", index == 1 ? "length" : "stop"}});
  }
  body["choices"] = choices;
  const Outcome<ChatResponse> outcome = parse_chat_response(body.dump());
  REQUIRE(outcome.ok());
  const auto& parsed = outcome.value().choices;
  REQUIRE(parsed.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(parsed[i].index == i);
    CHECK(parsed[i].content == "answer " + std::to_string(i));
  }
  CHECK(parsed[1].finish_reason == "length");
}

TEST_CASE("answer_text says why a choice is not an answer", "[protocol]") {
  const auto failure_of = [](Choice choice) {
    const Outcome<std::string> outcome = answer_text(choice);
    REQUIRE_FALSE(outcome.ok());
    return std::make_pair(outcome.failure().kind, outcome.failure().message);
  };
  CHECK(failure_of({0, "partial", "length"}) ==
        std::make_pair(FailureKind::truncated, std::string("the answer hit max_tokens")));
  CHECK(failure_of({0, "", "content_filter"}) ==
        std::make_pair(FailureKind::content_filter,
                       std::string("the answer was stopped by a content filter")));
  CHECK(failure_of({0, std::nullopt, "stop"}) ==
        std::make_pair(FailureKind::empty, std::string("content is null")));
  CHECK(failure_of({0, "", "stop"}) ==
        std::make_pair(FailureKind::empty, std::string("content is empty")));
  CHECK(failure_of({0, " \n\t ", "stop"}) ==
        std::make_pair(FailureKind::empty, std::string("content is empty")));

  const Outcome<std::string> ok = answer_text({0, "  Paris.\n", "stop"});
  REQUIRE(ok.ok());
  CHECK(ok.value() == "  Paris.\n");
}

// Log-probabilities as each server sends them (choices[0].logprobs of a non-streaming chat
// completion asked for logprobs: true, top_logprobs: 2).
namespace {

json body_with_logprobs(const std::string& content, const std::string& logprobs) {
  json body = valid_body();
  body["choices"][0]["message"]["content"] = content;
  body["choices"][0]["logprobs"] = json::parse(logprobs);
  return body;
}

}  // namespace

TEST_CASE("logprobs in OpenAI's form: bytes, refusal null, a null bytes", "[protocol][logprobs]") {
  const json body = body_with_logprobs("7/10", R"({"content": [
      {"token": "7", "logprob": -0.31, "bytes": [55],
       "top_logprobs": [{"token": "7", "logprob": -0.31, "bytes": [55]},
                        {"token": "8", "logprob": -1.4, "bytes": [56]}]},
      {"token": "/10", "logprob": -0.0001, "bytes": null, "top_logprobs": []}],
    "refusal": null})");
  const Outcome<ChatResponse> outcome = parse_chat_response(body.dump());
  REQUIRE(outcome.ok());
  const auto& logprobs = outcome.value().choices[0].logprobs;
  REQUIRE(logprobs);
  REQUIRE(logprobs->size() == 2);
  CHECK((*logprobs)[0].token == "7");
  CHECK((*logprobs)[0].bytes == std::string("7"));
  CHECK((*logprobs)[0].logprob == Approx(-0.31));
  REQUIRE((*logprobs)[0].top.size() == 2);
  CHECK((*logprobs)[0].top[1] == TokenAlternative{"8", std::string("8"), -1.4});
  CHECK((*logprobs)[1].token == "/10");
  CHECK_FALSE((*logprobs)[1].bytes);
  CHECK((*logprobs)[1].top.empty());
}

TEST_CASE("logprobs in vLLM's form: -9999.0, token ids, replacement bytes",
          "[protocol][logprobs]") {
  // vLLM clamps at -9999.0 and encodes bytes from the decoded token with errors="replace"; with
  // --return-tokens-as-token-ids the token is "token_id:<id>".
  const json body = body_with_logprobs("Score: 9", R"({"content": [
      {"token": "token_id:10189", "logprob": -0.02, "bytes": [116,111,107,101,110,95,105,100,58,49,48,49,56,57],
       "top_logprobs": [{"token": "token_id:10189", "logprob": -0.02, "bytes": [116,111,107,101,110,95,105,100,58,49,48,49,56,57]}]},
      {"token": "\ufffd", "logprob": -9999.0, "bytes": [239,191,189], "top_logprobs": []}]})");
  const Outcome<ChatResponse> outcome = parse_chat_response(body.dump());
  REQUIRE(outcome.ok());
  const auto& logprobs = *outcome.value().choices[0].logprobs;
  CHECK(logprobs[0].token == "token_id:10189");
  CHECK(logprobs[0].bytes == std::string("token_id:10189"));
  CHECK(logprobs[1].logprob == -9999.0);
  CHECK(logprobs[1].bytes == std::string("\xEF\xBF\xBD"));
}

TEST_CASE("logprobs in llama.cpp's form: an id on every token, cut UTF-8 text, exact bytes",
          "[protocol][logprobs]") {
  // llama.cpp's server sends {"id", "token", "bytes", "logprob", "top_logprobs"}; a token ending
  // inside a character has the valid prefix of its text and the full bytes.
  const json body = body_with_logprobs("caf\xC3\xA9", R"({"content": [
      {"id": 68796, "token": "caf", "bytes": [99,97,102,195], "logprob": -0.5,
       "top_logprobs": [{"id": 68796, "token": "caf", "bytes": [99,97,102,195], "logprob": -0.5}]},
      {"id": 102, "token": "", "bytes": [169], "logprob": -3.4028234663852886e+38,
       "top_logprobs": []}]})");
  const Outcome<ChatResponse> outcome = parse_chat_response(body.dump());
  REQUIRE(outcome.ok());
  const auto& logprobs = *outcome.value().choices[0].logprobs;
  CHECK(logprobs[0].token == "caf");
  CHECK(logprobs[0].bytes == std::string("caf\xC3"));
  CHECK(logprobs[0].top[0].bytes == std::string("caf\xC3"));
  CHECK(logprobs[1].bytes == std::string("\xA9"));
  CHECK(logprobs[1].logprob < -1e38);
}

TEST_CASE("logprobs null, absent or with a null content list is no log-probabilities",
          "[protocol][logprobs]") {
  CHECK_FALSE(parse_chat_response(valid_body().dump()).value().choices[0].logprobs);
  json absent = valid_body();
  absent["choices"][0].erase("logprobs");
  CHECK_FALSE(parse_chat_response(absent.dump()).value().choices[0].logprobs);
  const json refused = body_with_logprobs("Hello.", R"({"content": null, "refusal": []})");
  CHECK_FALSE(parse_chat_response(refused.dump()).value().choices[0].logprobs);
}

TEST_CASE("a malformed logprobs block is a malformed response naming the field",
          "[protocol][logprobs]") {
  CHECK(error_of(body_with_logprobs("x", "[]")) ==
        "choices[0].logprobs: expected an object or null, got an array");
  CHECK(error_of(body_with_logprobs("x", "{}")) == "choices[0].logprobs.content: missing");
  CHECK(error_of(body_with_logprobs("x", R"({"content": [{"token": "x"}]})")) ==
        "choices[0].logprobs.content[0].logprob: missing");
  CHECK(error_of(body_with_logprobs("x", R"({"content": [{"token": "x", "logprob": "-1"}]})")) ==
        "choices[0].logprobs.content[0].logprob: expected a number, got a string");
  CHECK(error_of(body_with_logprobs(
            "x", R"({"content": [{"token": "x", "logprob": -1, "bytes": [300]}]})")) ==
        "choices[0].logprobs.content[0].bytes[0]: expected an integer 0..255, got an integer "
        "(300)");
  CHECK(
      error_of(body_with_logprobs(
          "x",
          R"({"content": [{"token": "x", "logprob": -1, "top_logprobs": [{"logprob": -1}]}]})")) ==
      "choices[0].logprobs.content[0].top_logprobs[0].token: missing");
}
