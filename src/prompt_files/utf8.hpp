#pragma once
// UTF-8 validation of prompt records: every prompt goes into a JSON request body, which must be
// valid UTF-8, so a bad byte is reported where it is instead of failing a request later.

#include <cstddef>
#include <optional>
#include <string_view>

namespace pogen::io {

// Offset where the first ill-formed UTF-8 sequence starts (a stray continuation byte, a lead
// byte not followed by its continuation bytes, an overlong form, a surrogate, a code point above
// U+10FFFF), or nullopt when the text is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace pogen::io
