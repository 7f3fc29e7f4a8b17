#include <catch2/catch.hpp>

#include "prompt_files/utf8.hpp"

using pogen::io::find_invalid_utf8;

TEST_CASE("well-formed UTF-8 passes", "[prompts][utf8]") {
  CHECK_FALSE(find_invalid_utf8(""));
  CHECK_FALSE(find_invalid_utf8("plain ASCII\n\t"));
  CHECK_FALSE(find_invalid_utf8("caf\xC3\xA9"));             // U+00E9
  CHECK_FALSE(find_invalid_utf8("\xE2\x82\xAC"));            // U+20AC
  CHECK_FALSE(find_invalid_utf8("\xED\x9F\xBF"));            // U+D7FF, just below surrogates
  CHECK_FALSE(find_invalid_utf8("\xF0\x9F\x98\x80 smile"));  // U+1F600
  CHECK_FALSE(find_invalid_utf8("\xF4\x8F\xBF\xBF"));        // U+10FFFF
}

TEST_CASE("ill-formed UTF-8 is found at the start of the bad sequence", "[prompts][utf8]") {
  CHECK(find_invalid_utf8("ab\xFF") == 2u);                // never valid
  CHECK(find_invalid_utf8("a\x80") == 1u);                 // stray continuation byte
  CHECK(find_invalid_utf8("abc\xC3") == 3u);               // truncated at the end
  CHECK(find_invalid_utf8("\xC3(x") == 0u);                // lead byte without continuation
  CHECK(find_invalid_utf8("\xC0\xAF") == 0u);              // overlong "/"
  CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0u);          // overlong, 3 bytes
  CHECK(find_invalid_utf8("\xF0\x80\x80\xAF") == 0u);      // overlong, 4 bytes
  CHECK(find_invalid_utf8("ok \xED\xA0\x80") == 3u);       // U+D800, a surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);      // above U+10FFFF
  CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == 0u);      // never a lead byte
  CHECK(find_invalid_utf8("\xE2\x82\xAC\xE2\x82") == 3u);  // good euro, then a truncated one
}
