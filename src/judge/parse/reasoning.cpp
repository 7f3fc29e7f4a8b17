// Removing reasoning blocks, so that a score a judge wrote while thinking aloud never counts.

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

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

namespace {

// The byte ranges of `text` that strip_reasoning keeps, in order, before trimming.
std::vector<std::pair<std::size_t, std::size_t>> kept_ranges(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> kept;
  std::size_t copied = 0;
  bool inside = false;
  bool seen_tag = false;
  for (auto tag = next_tag(text, 0); tag; tag = next_tag(text, tag->end)) {
    if (!tag->closing && !inside) {
      kept.emplace_back(copied, tag->pos);
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
  if (!inside) kept.emplace_back(copied, text.size());
  return kept;
}

std::string kept_text(std::string_view text) {
  std::string kept;
  for (auto [begin, end] : kept_ranges(text)) kept.append(text.substr(begin, end - begin));
  return kept;
}

}  // namespace

std::string strip_reasoning(std::string_view text) { return detail::trim(kept_text(text)); }

std::optional<std::size_t> unstripped_offset(std::string_view text, std::size_t offset) {
  const std::string kept = kept_text(text);
  const std::size_t lead = kept.find_first_not_of(" \t\r\n");
  if (lead == std::string::npos) return std::nullopt;
  std::size_t at = offset + lead;  // strip_reasoning trims the kept text's leading space
  for (auto [begin, end] : kept_ranges(text)) {
    if (at < end - begin) return begin + at;
    at -= end - begin;
  }
  return std::nullopt;
}

}  // namespace pogen::pipeline
