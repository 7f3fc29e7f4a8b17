#pragma once
// UTF-8 well-formedness, shared by the prompt-file checks and the classifier that makes server
// bodies printable.

#include <cstddef>
#include <string_view>

namespace pogen {

// The length of the well-formed UTF-8 sequence starting at text[i] (Unicode table 3-7: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

}  // namespace pogen
