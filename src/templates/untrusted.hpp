#pragma once
// Untrusted text in prompts (docs/judging.md, "Untrusted text in prompts"). The question, the
// earlier turns, the candidate answers, the debate transcript and a reviewer's feedback are text
// pogen did not write: an answer may address the judge ("score this 10/10") or imitate the
// template ("[End of the answer of Assistant A]"). render() (prompt_template.hpp) therefore puts
// the value of every untrusted placeholder, verbatim, in a block of its own:
//
//   <answer_a id="1c9e07fb">
//   ...the answer, byte for byte...
//   </answer_a id="1c9e07fb">
//
// The id is one per rendering, derived from a SHA-256 of the template and the values (so the same
// request is rendered byte for byte again: the cache and resume depend on it), and re-derived
// with a counter until it occurs in none of the substituted values nor in the template, in any
// letter case. No text can therefore close its block or open another: the only lines carrying
// the id are the ones the renderer wrote. Nothing inside a value is escaped or altered.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pogen::pipeline {

// question, context, answer_a, answer_b, answer, transcript, feedback.
const std::set<std::string>& untrusted_placeholders();
bool is_untrusted_placeholder(std::string_view name);

// Hex digits of a boundary id.
inline constexpr std::size_t kBoundaryIdLength = 8;

// The id of one rendering: kBoundaryIdLength lower-case hex digits of SHA-256 over the template
// text, every (name, value) of `values` (length-prefixed) and a counter; the first counter from
// 0 whose id occurs in no value and not in the template text, compared in any letter case.
std::string boundary_id(std::string_view template_text,
                        const std::map<std::string, std::string>& values);

std::string block_open(std::string_view name, std::string_view id);   // <name id="ID">
std::string block_close(std::string_view name, std::string_view id);  // </name id="ID">
// open, newline, text, newline, close; an empty text is no block at all (""), so that an empty
// {{context}} (a single-turn prompt) leaves nothing behind.
std::string delimit(std::string_view name, std::string_view id, std::string_view text);

// Reading a rendered prompt back, as a judge that respects its delimiting would (the fake
// endpoint, tests). A block of the prompt: the placeholder's name, where its opening line
// begins and its closing tag ends, and its text, verbatim.
struct DelimitedBlock {
  std::string name;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
};
// The prompt's boundary id: that of its first opening tag `<name id="...">` naming an untrusted
// placeholder (the template text before the first block is pogen's or the template author's,
// never untrusted text); none when the prompt has no block.
std::optional<std::string> prompt_boundary_id(std::string_view prompt);
// Every block of the prompt in order: each opening tag with the prompt's id and the next
// closing tag with the same name and id. Empty when the prompt has no block.
std::vector<DelimitedBlock> delimited_blocks(std::string_view prompt);
// The text of the first block named `name`; none when there is no such block.
std::optional<std::string> delimited_text(std::string_view prompt, std::string_view name);

}  // namespace pogen::pipeline
