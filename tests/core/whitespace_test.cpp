#include <catch2/catch.hpp>

#include "core/whitespace.hpp"

using pogen::normalize_whitespace;

TEST_CASE("normalize_whitespace collapses runs and trims", "[whitespace]") {
  CHECK(normalize_whitespace("  a \t\n b\r\n\fc\v ") == "a b c");
  CHECK(normalize_whitespace(" \n\t ") == "");
  CHECK(normalize_whitespace("") == "");
  CHECK(normalize_whitespace("x") == "x");
}
