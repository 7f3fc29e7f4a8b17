#include "core/result.hpp"

#include <memory>
#include <string>

#include <catch2/catch.hpp>

namespace {

struct Why {
  std::string reason;
};

}  // namespace

TEST_CASE("a Result holds either its value or the reason there is none", "[result]") {
  pogen::Result<int, Why> good = 42;
  REQUIRE(good.ok());
  CHECK(static_cast<bool>(good));
  CHECK(good.value() == 42);

  pogen::Result<int, Why> bad = Why{"no score for Assistant B found"};
  REQUIRE_FALSE(bad.ok());
  CHECK_FALSE(static_cast<bool>(bad));
  CHECK(bad.failure().reason == "no score for Assistant B found");
  CHECK_THROWS(bad.value());  // asking a failure for its value is a bug, never a default value
}

TEST_CASE("a Result's value can be moved out, and changed in place", "[result]") {
  pogen::Result<std::unique_ptr<std::string>, Why> held = std::make_unique<std::string>("text");
  held.value()->append("!");
  std::unique_ptr<std::string> taken = std::move(held).value();
  REQUIRE(taken != nullptr);
  CHECK(*taken == "text!");
}
