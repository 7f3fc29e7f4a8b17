#pragma once
// The answers of the built-in fake endpoint: deterministic text derived from the request, so a
// pipeline run against fake endpoints is reproducible and different seeds or samples give
// different answers. Pure functions, no I/O.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "llm/endpoint.hpp"

namespace pogen::llm {

// One way of answering: the first responder whose predicate accepts the request body writes the
// reply. Roles that need a particular shape of answer (a reviewer's score, a judge's verdict) get
// a recogniser of their own ahead of the default one, which accepts everything and comes last.
struct FakeResponder {
  std::string name;
  std::function<bool(const nlohmann::json& request_body)> accepts;
  // `hash` is fake_request_hash(request_body, choice_index): the source of every choice made.
  std::function<std::string(const nlohmann::json& request_body, std::uint64_t hash,
                            const FakeSettings& settings)>
      reply;
};

// The responders for pogen's own workflow roles (fake_roles.cpp): reviewer, reviser, judge in each
// format, the judge's follow-up, and debate speakers. Tried before the default.
std::vector<FakeResponder> fake_role_responders();

// The responders in the order they are tried; the last one accepts every request.
const std::vector<FakeResponder>& fake_responders();

// A stable 64-bit hash of what determines an answer: model, messages, seed and choice index.
std::uint64_t fake_request_hash(const nlohmann::json& request_body, int choice_index);

// The reply to an OpenAI chat-completions request body (already validated by the caller: model a
// string, messages an array of {role, content} objects). Always valid UTF-8.
std::string fake_reply(const nlohmann::json& request_body, int choice_index,
                       const FakeSettings& settings = {});

// An OpenAI-format `logprobs` block for a reply, for a request with `logprobs: true`:
// {"content": [{token, logprob, bytes, top_logprobs: [...]}, ...]}, the tokens spelling `text`
// exactly. Words (with the space before them), single punctuation marks and line breaks are
// tokens; each digit is a token of its own, so a "10" is the two tokens "1" and "0" as in some
// tokenizers. A digit is sampled with a probability of 0.5 to 0.9 chosen by `hash`, its
// neighbours (one less, one more) share the rest; other tokens have one alternative, themselves.
// At most `top_logprobs` alternatives (0: none listed).
nlohmann::json fake_logprobs(std::string_view text, int top_logprobs, std::uint64_t hash);

}  // namespace pogen::llm
