#pragma once
// One mechanism for the names of enums that users see (config values, JSON fields, reports): a
// table per enum, declared beside the enum, gives its name, its parsing, the "did you mean" of a
// misspelt value and the list of choices for messages and documentation.
//
//   enum class SwapMode { both, none, random };
//   inline constexpr EnumNames<SwapMode, 3> kSwapModeNames{{{
//       {SwapMode::both, "both"}, {SwapMode::none, "none"}, {SwapMode::random, "random"}}}};
//   constexpr const auto& enum_names(SwapMode) { return kSwapModeNames; }  // found by ADL
//
//   name_of(SwapMode::none) == "none"; parse_enum<SwapMode>("both") == SwapMode::both;
//   enum_choices<SwapMode>() == "both, none or random".

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/suggest.hpp"

namespace pogen {

template <typename Enum>
struct EnumName {
  Enum value;
  const char* name;
};

template <typename Enum, std::size_t N>
struct EnumNames {
  std::array<EnumName<Enum>, N> entries;  // in the order documentation lists them

  // Every table lists every value of its enum (each module's tests round-trip its tables), so
  // the fallback is never reached by a value the code can make.
  constexpr const char* name(Enum value) const {
    for (const auto& entry : entries) {
      if (entry.value == value) return entry.name;
    }
    return "unknown";
  }
  constexpr std::optional<Enum> parse(std::string_view text) const {
    for (const auto& entry : entries) {
      if (text == entry.name) return entry.value;
    }
    return std::nullopt;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : entries) out.emplace_back(entry.name);
    return out;
  }
  // "a, b or c"
  std::string choices() const {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
      if (i > 0) out += i + 1 == N ? " or " : ", ";
      out += entries[i].name;
    }
    return out;
  }
  // `unknown <what> "x" (expected a, b or c)`, with ` (did you mean "b"?)` when one is close.
  std::string unknown(std::string_view what, std::string_view text) const {
    return "unknown " + std::string(what) + " \"" + std::string(text) + "\" (expected " +
           choices() + ")" + io::did_you_mean(text, names());
  }
};

template <typename Enum>
constexpr const char* name_of(Enum value) {
  return enum_names(value).name(value);
}
template <typename Enum>
constexpr std::optional<Enum> parse_enum(std::string_view text) {
  return enum_names(Enum{}).parse(text);
}
template <typename Enum>
std::string enum_choices() {
  return enum_names(Enum{}).choices();
}
template <typename Enum>
std::string unknown_enum_message(std::string_view what, std::string_view text) {
  return enum_names(Enum{}).unknown(what, text);
}

}  // namespace pogen
