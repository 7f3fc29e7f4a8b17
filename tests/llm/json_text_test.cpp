#include <catch2/catch.hpp>

#include <string>

#include "llm/json_text.hpp"
#include "llm/protocol.hpp"

using nlohmann::json;
using pogen::llm::json_text;

TEST_CASE("json_text writes what dump writes", "[json_text]") {
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls += static_cast<char>(c);
  controls += "\x7f \"quoted\" back\\slash /";
  const json values[] = {
      json(nullptr),
      json(true),
      json(-42),
      json(18446744073709551615ull),
      json(0.1),
      json(1e300),
      json(""),
      json(controls),
      json("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80 \"and\"\n"),
      json::array(),
      json::object(),
      json::parse(R"({"b":[1,2.5,{"x":null}],"a":{"k\n\u00e9":"v"},"":[[]]})"),
  };
  for (const json& value : values) CHECK(json_text(value) == value.dump());
}

TEST_CASE("json_text escapes at every offset of a long string", "[json_text]") {
  const std::string plain = "The quick brown fox jumps over the lazy dog, twice. ";
  for (const char* special : {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xc3\xa9"}) {
    for (std::size_t at = 0; at <= 20; ++at) {
      const json value = plain.substr(0, at) + special + plain;
      CHECK(json_text(value) == value.dump());
      const json in_array = json::array({value, plain});
      CHECK(json_text(in_array) == in_array.dump());
    }
  }
}

TEST_CASE("json_text of a chat body is the body's dump", "[json_text]") {
  pogen::llm::EndpointConfig endpoint;
  endpoint.model = std::string("m");
  endpoint.extra_body = json::parse(R"({"top_k":20,"chat_template_kwargs":{"x":false}})");
  pogen::llm::ChatRequest request;
  request.messages = {{pogen::llm::Role::system, "Answer \"briefly\".\n\tThanks."},
                      {pogen::llm::Role::user, "Why is the sky blue? \xc2\xbf"}};
  request.sampling.temperature = 0.7;
  request.sampling.max_tokens = 128;
  const json body = pogen::llm::build_chat_body(endpoint, request);
  CHECK(json_text(body) == body.dump());
}

TEST_CASE("json_text rejects a string that is not UTF-8, as dump does", "[json_text]") {
  const json bad = json::array({"ok", std::string("bad \xff byte")});
  CHECK_THROWS_AS(bad.dump(), json::type_error);
  CHECK_THROWS_AS(json_text(bad), json::type_error);
}
