#include "generate/generation_record.hpp"

#include "core/diagnostics.hpp"
#include "generate/candidate_id.hpp"

namespace pogen::pipeline {

using nlohmann::json;

json to_json(const llm::Usage& usage) {
  return {{"prompt_tokens", usage.prompt_tokens},
          {"completion_tokens", usage.completion_tokens},
          {"total_tokens", usage.total_tokens}};
}

json messages_to_json(const std::vector<llm::Message>& messages) {
  json out = json::array();
  for (const auto& m : messages) out.push_back({{"role", name_of(m.role)}, {"content", m.content}});
  return out;
}

namespace {

// The keys sit beside each other in records.jsonl and candidates.jsonl.
void put_times(json& j, const CallTimes& times) {
  j["latency_ms"] = times.latency_ms;
  j["queue_ms"] = times.queue_ms;
  j["retry_ms"] = times.retry_ms;
}

json review_to_json(const Review& r) {
  json j = {{"reviewer", r.reviewer}, {"model", r.model}, {"text", r.text}};
  // A score that could not be parsed is absent, with the reason; never a placeholder number.
  if (r.score) {
    j["score"] = *r.score;
  } else {
    j["score_problem"] = r.score_problem;
  }
  j["usage"] = to_json(r.usage);
  put_times(j, r.times);
  return j;
}

json candidate_to_json(const Candidate& c) {
  json reviews = json::array();
  for (const auto& r : c.reviews) reviews.push_back(review_to_json(r));
  json j = {{"text", c.text},           {"model", c.model},
            {"endpoint", c.endpoint},   {"iteration", c.iteration},
            {"sample", c.sample},       {"finish_reason", c.finish_reason},
            {"truncated", c.truncated}, {"reviews", std::move(reviews)},
            {"usage", to_json(c.usage)}};
  put_times(j, c.times);
  return j;
}

json failure_to_json(const StageFailure& f) {
  return {{"stage", f.stage},
          {"endpoint", f.endpoint},
          {"iteration", f.iteration},
          {"sample", f.sample},
          {"kind", name_of(f.failure.kind)},
          {"http_status", f.failure.http_status},
          {"message", f.failure.message},
          {"attempts", f.failure.attempts}};
}

// Strict field access for reading candidates.jsonl back.
class FieldReader {
 public:
  FieldReader(const std::string& source, std::size_t line) : source_(source), line_(line) {}

  const json& get(const json& object, const std::string& path, const char* key,
                  json::value_t type) const {
    if (!object.is_object() || !object.contains(key)) fail(path + key, "missing");
    const auto& value = object.at(key);
    bool ok = value.type() == type || (type == json::value_t::number_float && value.is_number()) ||
              (type == json::value_t::number_integer && value.is_number_integer());
    if (!ok) fail(path + key, std::string("expected ") + name(type) + ", got " + value.type_name());
    return value;
  }
  [[noreturn]] void fail(const std::string& field, const std::string& message) const {
    throw InputError(Diagnostic{source_, line_, field, message});
  }

 private:
  static const char* name(json::value_t t) {
    switch (t) {
      case json::value_t::string:
        return "a string";
      case json::value_t::array:
        return "an array";
      case json::value_t::object:
        return "an object";
      case json::value_t::boolean:
        return "a boolean";
      case json::value_t::number_integer:
        return "an integer";
      default:
        return "a number";
    }
  }
  const std::string& source_;
  std::size_t line_;
};

}  // namespace

std::string describe(const StageFailure& f) {
  return f.stage + " by " + f.endpoint + ": " + llm::describe_failure(f.failure);
}

json to_json(const GeneratedItem& item) {
  json candidates = json::array();
  for (const auto& c : item.candidates) {
    candidates.push_back(candidate_to_json(c));
    candidates.back()["id"] = candidate_id(candidates.size() - 1);
  }
  json failures = json::array();
  for (const auto& f : item.failures) failures.push_back(failure_to_json(f));
  return {{"id", item.id},
          {"status", item.status()},
          {"conversation", messages_to_json(item.conversation)},
          {"candidates", std::move(candidates)},
          {"failures", std::move(failures)},
          {"stopped_early", item.stopped_early}};
}

GeneratedItem generated_item_from_json(const json& j, const std::string& source, std::size_t line) {
  using T = json::value_t;
  FieldReader r(source, line);
  GeneratedItem item;
  item.id = r.get(j, "", "id", T::string).get<std::string>();
  const auto& conversation = r.get(j, "", "conversation", T::array);
  for (std::size_t i = 0; i < conversation.size(); ++i) {
    auto path = "conversation[" + std::to_string(i) + "].";
    auto role_text = r.get(conversation[i], path, "role", T::string).get<std::string>();
    auto role = parse_enum<llm::Role>(role_text);
    if (!role) r.fail(path + "role", "unknown role \"" + role_text + "\"");
    item.conversation.push_back(
        {*role, r.get(conversation[i], path, "content", T::string).get<std::string>()});
  }
  const auto& candidates = r.get(j, "", "candidates", T::array);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    auto path = "candidates[" + std::to_string(i) + "].";
    const auto& cj = candidates[i];
    Candidate c;
    c.text = r.get(cj, path, "text", T::string).get<std::string>();
    c.model = r.get(cj, path, "model", T::string).get<std::string>();
    c.endpoint = r.get(cj, path, "endpoint", T::string).get<std::string>();
    c.iteration = r.get(cj, path, "iteration", T::number_integer).get<int>();
    c.sample = r.get(cj, path, "sample", T::number_integer).get<int>();
    c.finish_reason = r.get(cj, path, "finish_reason", T::string).get<std::string>();
    c.truncated = r.get(cj, path, "truncated", T::boolean).get<bool>();
    item.candidates.push_back(std::move(c));
  }
  return item;
}

}  // namespace pogen::pipeline
