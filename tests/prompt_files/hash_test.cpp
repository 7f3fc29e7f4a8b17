#include <string>

#include <catch2/catch.hpp>

#include "core/hashes.hpp"
#include "prompt_files/hash.hpp"
#include "prompt_fixture.hpp"

using namespace pogen::io;
using namespace pogen::io::testing;

TEST_CASE("sha256 matches the FIPS 180-4 test vectors", "[prompts][hash]") {
  CHECK(pogen::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(pogen::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(pogen::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(pogen::sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 pads correctly around the block boundaries", "[prompts][hash]") {
  // 55 bytes fit one padded block, 56 need two, 64 fill one exactly.
  CHECK(pogen::sha256_hex(std::string(55, 'x')) ==
        "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  CHECK(pogen::sha256_hex(std::string(56, 'x')) ==
        "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
  CHECK(pogen::sha256_hex(std::string(64, 'x')) ==
        "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
}

TEST_CASE("the canonical conversation is compact JSON with UTF-8 unescaped", "[prompts][hash]") {
  CHECK(canonical_conversation({user_turn("a\x01"
                                          "b/\xC3\xA9")}) == "[[\"user\",\"a\\u0001b/\xC3\xA9\"]]");
}

TEST_CASE("content ids are what Python computes from the documented recipe", "[prompts][hash]") {
  // python3: "p-" + sha256(json.dumps(conv, separators=(",", ":"), ensure_ascii=False)
  //                        .encode()).hexdigest()[:16]
  CHECK(content_id({user_turn("Hello")}) == "p-b0ae8b0f316e2f14");
  CHECK(content_id({system_turn("Be brief."), user_turn("Wie sp\xC3\xA4t ist es? \xE2\x98\x95"),
                    assistant_turn("Zeit f\xC3\xBCr Kaffee."),
                    user_turn("Und jetzt?\n\"quoted\"\ttab")}) == "p-fda04e118dfe2830");
}

TEST_CASE("content ids depend on roles and on the split between turns", "[prompts][hash]") {
  CHECK(content_id({user_turn("Hello")}) != content_id({system_turn("Hello")}));
  CHECK(content_id({user_turn("ab"), user_turn("c")}) !=
        content_id({user_turn("a"), user_turn("bc")}));
}
