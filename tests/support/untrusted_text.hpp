#pragma once
// Comparing rendered prompts with expected texts: render() puts every untrusted value in a block
// `<name id="...">` ... `</name id="...">` whose id is a hash (templates/untrusted.hpp). Tests
// that pin a request's text write the id as "ID" on both sides: masked() the request, block()
// the expectation. The id itself is checked by tests/templates. Header-only, for the test
// programs that link the templates module.

#include <string>

#include "templates/untrusted.hpp"

namespace pogen::testing {

// The text with its boundary id written "ID"; unchanged when it has no block.
inline std::string masked(std::string text) {
  auto id = pipeline::prompt_boundary_id(text);
  if (!id) return text;
  for (auto at = text.find(*id); at != std::string::npos; at = text.find(*id, at + 2)) {
    text.replace(at, id->size(), "ID");
  }
  return text;
}

// How the renderer delimits an untrusted value, with the id written "ID".
inline std::string block(const std::string& name, const std::string& text) {
  return "<" + name + " id=\"ID\">\n" + text + "\n</" + name + " id=\"ID\">";
}

}  // namespace pogen::testing
