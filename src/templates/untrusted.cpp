#include "templates/untrusted.hpp"

#include <stdexcept>

#include "core/hashes.hpp"

namespace pogen::pipeline {
namespace {

constexpr std::string_view kIdAttribute = " id=\"";
constexpr std::string_view kTagEnd = "\">";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether `needle` (lower-case) occurs in `text` in any letter case.
bool contains_folded(std::string_view text, std::string_view needle) {
  if (needle.empty() || text.size() < needle.size()) return needle.empty();
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && lower(text[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

void append_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

// The tag whose id attribute is at `at`: its name, whether it closes, and where it begins; none
// when the attribute is not preceded by `<name` (tag_before) or `</name` (closing_tag_before).
struct Tag {
  std::string name;
  bool closing = false;
  std::size_t begin = 0;
};
std::optional<Tag> tag_before(std::string_view prompt, std::size_t at) {
  std::size_t start = at;
  while (start > 0 && is_name_char(prompt[start - 1])) --start;
  if (start == at || start == 0 || prompt[start - 1] != '<') return std::nullopt;
  return Tag{std::string(prompt.substr(start, at - start)), false, start - 1};
}
std::optional<Tag> closing_tag_before(std::string_view prompt, std::size_t at) {
  std::size_t start = at;
  while (start > 0 && is_name_char(prompt[start - 1])) --start;
  if (start == at || start < 2 || prompt.substr(start - 2, 2) != "</") return std::nullopt;
  return Tag{std::string(prompt.substr(start, at - start)), true, start - 2};
}

}  // namespace

const std::set<std::string>& untrusted_placeholders() {
  static const std::set<std::string> kNames = {"question", "context",    "answer_a", "answer_b",
                                               "answer",   "transcript", "feedback"};
  return kNames;
}

bool is_untrusted_placeholder(std::string_view name) {
  return untrusted_placeholders().contains(std::string(name));
}

std::string boundary_id(std::string_view template_text,
                        const std::map<std::string, std::string>& values) {
  std::string material;
  append_field(material, template_text);
  for (const auto& [name, value] : values) {
    append_field(material, name);
    append_field(material, value);
  }
  // Each try fails with a chance of about (text length) / 16^8, so the loop ends at once in
  // practice; the bound only turns a broken hash into an error instead of a hang.
  for (int counter = 0; counter < 1'000'000; ++counter) {
    std::string id =
        sha256_hex(material + "#" + std::to_string(counter)).substr(0, kBoundaryIdLength);
    bool absent = !contains_folded(template_text, id);
    for (auto it = values.begin(); absent && it != values.end(); ++it) {
      absent = !contains_folded(it->second, id);
    }
    if (absent) return id;
  }
  throw std::logic_error("boundary_id: no id absent from the texts");
}

std::string block_open(std::string_view name, std::string_view id) {
  return "<" + std::string(name) + std::string(kIdAttribute) + std::string(id) +
         std::string(kTagEnd);
}

std::string block_close(std::string_view name, std::string_view id) {
  return "</" + std::string(name) + std::string(kIdAttribute) + std::string(id) +
         std::string(kTagEnd);
}

std::string delimit(std::string_view name, std::string_view id, std::string_view text) {
  if (text.empty()) return {};
  return block_open(name, id) + "\n" + std::string(text) + "\n" + block_close(name, id);
}

std::optional<std::string> prompt_boundary_id(std::string_view prompt) {
  for (auto at = prompt.find(kIdAttribute); at != std::string_view::npos;
       at = prompt.find(kIdAttribute, at + 1)) {
    auto tag = tag_before(prompt, at);
    if (!tag || !is_untrusted_placeholder(tag->name)) continue;
    auto id_at = at + kIdAttribute.size();
    if (prompt.size() < id_at + kBoundaryIdLength + kTagEnd.size()) continue;
    auto id = prompt.substr(id_at, kBoundaryIdLength);
    bool hex = true;
    for (char c : id) hex &= is_hex(c);
    if (hex && prompt.substr(id_at + kBoundaryIdLength, kTagEnd.size()) == kTagEnd) {
      return std::string(id);
    }
  }
  return std::nullopt;
}

std::vector<DelimitedBlock> delimited_blocks(std::string_view prompt) {
  std::vector<DelimitedBlock> blocks;
  auto id = prompt_boundary_id(prompt);
  if (!id) return blocks;
  const std::string attribute = std::string(kIdAttribute) + *id + std::string(kTagEnd);
  std::optional<Tag> open;
  std::size_t text_begin = 0;
  for (auto at = prompt.find(attribute); at != std::string_view::npos;
       at = prompt.find(attribute, at + attribute.size())) {
    const std::size_t after = at + attribute.size();
    if (!open) {
      open = tag_before(prompt, at);
      text_begin = after < prompt.size() && prompt[after] == '\n' ? after + 1 : after;
      continue;
    }
    auto close = closing_tag_before(prompt, at);
    if (!close || close->name != open->name) continue;
    std::size_t text_end = close->begin;
    if (text_end > text_begin && prompt[text_end - 1] == '\n') --text_end;
    blocks.push_back({open->name, open->begin, after,
                      std::string(prompt.substr(text_begin, text_end - text_begin))});
    open.reset();
  }
  return blocks;
}

std::optional<std::string> delimited_text(std::string_view prompt, std::string_view name) {
  for (auto& block : delimited_blocks(prompt)) {
    if (block.name == name) return std::move(block.text);
  }
  return std::nullopt;
}

}  // namespace pogen::pipeline
