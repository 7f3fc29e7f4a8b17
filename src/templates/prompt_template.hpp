#pragma once
// Prompt templates: plain files in prompts/ with {{placeholders}}. Rendering is one pass over the
// template: values are inserted verbatim and never scanned again, so a prompt that itself
// contains "{{x}}" reaches the model as written. The value of an untrusted placeholder (the
// question, the answers, ...: templates/untrusted.hpp) is inserted verbatim inside a block that
// no value can close: `<answer_a id="...">`, the text, `</answer_a id="...">`.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace pogen::pipeline {

struct PromptTemplate {
  std::string path;  // where it was loaded from, for messages and manifests
  std::string text;
  std::set<std::string> placeholders;  // names used in the text
};

// Parses the text; throws InputError (`path:line: unknown placeholder {{x}} (allowed: a, b)`)
// for a placeholder outside `allowed` or an unclosed `{{`.
PromptTemplate parse_template(std::string path, std::string text,
                              const std::set<std::string>& allowed);
// Reads the file and parses it; throws InputError when unreadable.
PromptTemplate load_template(const std::string& path, const std::set<std::string>& allowed);

// Every placeholder must have a value (a missing one is a programming error: std::logic_error).
// Deterministic: the same template and values give the same bytes (the boundary id is derived
// from them), so a request renders, and is cached, the same way on every run.
std::string render(const PromptTemplate& tmpl, const std::map<std::string, std::string>& values);

}  // namespace pogen::pipeline
