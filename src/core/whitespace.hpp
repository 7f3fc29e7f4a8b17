#pragma once

// Whitespace comparison shared by the judge (blank candidates) and selection (pairs that differ
// only in spacing are not a preference).

#include <string>
#include <string_view>

namespace pogen {

// Whitespace runs (ASCII space, tab, newline, CR, FF, VT) become one space; both ends trimmed.
std::string normalize_whitespace(std::string_view text);

}  // namespace pogen
