#include <catch2/catch.hpp>

#include "core/enum_names.hpp"

namespace sample {

enum class Colour { red, dark_green, blue };
inline constexpr pogen::EnumNames<Colour, 3> kColourNames{
    {{{Colour::red, "red"}, {Colour::dark_green, "dark-green"}, {Colour::blue, "blue"}}}};
constexpr const auto& enum_names(Colour) { return kColourNames; }

}  // namespace sample

using pogen::enum_choices;
using pogen::name_of;
using pogen::parse_enum;
using pogen::unknown_enum_message;
using sample::Colour;

TEST_CASE("an enum's table names, parses and lists its values", "[enum_names]") {
  STATIC_REQUIRE(std::string_view(name_of(Colour::dark_green)) == "dark-green");
  STATIC_REQUIRE(parse_enum<Colour>("blue") == Colour::blue);
  CHECK_FALSE(parse_enum<Colour>("dark_green").has_value());  // the name, not the enumerator
  CHECK_FALSE(parse_enum<Colour>("Red").has_value());
  CHECK(enum_choices<Colour>() == "red, dark-green or blue");
  for (const auto& entry : sample::kColourNames.entries) {
    CHECK(parse_enum<Colour>(name_of(entry.value)) == entry.value);
  }
}

TEST_CASE("an unknown value is reported with the choices and a close match", "[enum_names]") {
  CHECK(unknown_enum_message<Colour>("colour", "dark-gren") ==
        "unknown colour \"dark-gren\" (expected red, dark-green or blue) (did you mean "
        "\"dark-green\"?)");
  CHECK(unknown_enum_message<Colour>("colour", "purple") ==
        "unknown colour \"purple\" (expected red, dark-green or blue)");
}
