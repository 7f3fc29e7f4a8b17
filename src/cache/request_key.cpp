#include "cache/request_key.hpp"

#include "core/hashes.hpp"

namespace pogen::io {

using nlohmann::json;

namespace {

// Only what is set: an unset field and a field set to the server's default are different
// requests on the wire, so they are different keys too.
json sampling_json(const llm::SamplingParams& sampling) {
  json out = json::object();
  if (sampling.temperature) out["temperature"] = *sampling.temperature;
  if (sampling.top_p) out["top_p"] = *sampling.top_p;
  if (sampling.max_tokens) out["max_tokens"] = *sampling.max_tokens;
  if (sampling.seed) out["seed"] = *sampling.seed;
  if (!sampling.stop.empty()) out["stop"] = sampling.stop;
  return out;
}

json messages_json(const std::vector<llm::Message>& messages) {
  json out = json::array();
  for (const auto& message : messages) {
    out.push_back({{"role", name_of(message.role)}, {"content", message.content}});
  }
  return out;
}

}  // namespace

std::string canonical_request(const std::string& model, const llm::ChatRequest& request,
                              const nlohmann::json& extra_body, const llm::CallContext& context) {
  // nlohmann's default object is a std::map, so keys come out sorted at every level.
  json canonical = {
      {"format", kKeyFormat},
      {"model", model},
      {"messages", messages_json(request.messages)},
      {"sampling", sampling_json(request.sampling)},
      {"extra_body", extra_body},
      {"context",
       {{"role", context.role}, {"iteration", context.iteration}, {"sample", context.sample}}},
  };
  if (request.n) canonical["n"] = *request.n;
  if (request.response_format) canonical["response_format"] = *request.response_format;
  // Only when asked for, so that the keys of requests without log-probabilities, and with them
  // every cache written before they existed, stay as they were.
  if (request.top_logprobs) canonical["top_logprobs"] = *request.top_logprobs;
  return canonical.dump();
}

std::string request_key(const std::string& model, const llm::ChatRequest& request,
                        const nlohmann::json& extra_body, const llm::CallContext& context) {
  return sha256_hex(canonical_request(model, request, extra_body, context));
}

}  // namespace pogen::io
