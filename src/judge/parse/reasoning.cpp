// Removing reasoning blocks, so that a score a judge wrote while thinking aloud never counts.

#include <algorithm>
#include <cctype>

#include "judge/parse/detail.hpp"
#include "judge/parse/parse.hpp"

namespace pogen::pipeline {

namespace {

struct Tag {
  std::size_t pos = 0;
  std::size_t end = 0;
  bool closing = false;
};

// <think>, </think>, <thinking>, </thinking>, in any letter case.
std::optional<Tag> tag_at(std::string_view text, std::size_t pos) {
  if (text[pos] != '<') return std::nullopt;
  std::size_t i = pos + 1;
  bool closing = i < text.size() && text[i] == '/';
  if (closing) ++i;
  for (std::string_view name : {std::string_view("thinking"), std::string_view("think")}) {
    if (i + name.size() >= text.size()) continue;
    bool same =
        std::equal(name.begin(), name.end(), text.begin() + static_cast<long>(i),
                   [](char n, char c) { return n == std::tolower(static_cast<unsigned char>(c)); });
    if (same && text[i + name.size()] == '>') return Tag{pos, i + name.size() + 1, closing};
  }
  return std::nullopt;
}

std::optional<Tag> next_tag(std::string_view text, std::size_t from) {
  for (std::size_t pos = text.find('<', from); pos != std::string_view::npos;
       pos = text.find('<', pos + 1)) {
    if (auto tag = tag_at(text, pos)) return tag;
  }
  return std::nullopt;
}

}  // namespace

std::string strip_reasoning(std::string_view text) {
  std::string kept;
  std::size_t copied = 0;
  bool inside = false;
  bool seen_tag = false;
  for (auto tag = next_tag(text, 0); tag; tag = next_tag(text, tag->end)) {
    if (!tag->closing && !inside) {
      kept.append(text.substr(copied, tag->pos - copied));
      inside = true;
    } else if (tag->closing && inside) {
      inside = false;
      copied = tag->end;
    } else if (tag->closing && !seen_tag) {
      // The opening tag was part of the prompt: all that came before is reasoning.
      copied = tag->end;
    }
    seen_tag = true;
  }
  if (!inside) kept.append(text.substr(copied));
  return detail::trim(kept);
}

}  // namespace pogen::pipeline
