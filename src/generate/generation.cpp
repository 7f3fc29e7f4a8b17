#include "generate/generation.hpp"

#include <map>
#include <utility>

#include "chat/answer.hpp"
#include "core/when_all.hpp"
#include "templates/conversation_text.hpp"

namespace pogen::pipeline {
namespace {

llm::ChatRequest make_request(std::vector<llm::Message> messages, const ModelRole& role) {
  llm::ChatRequest request;
  request.messages = std::move(messages);
  request.sampling = role.sampling;
  return request;
}

// Seeds differ per sample so that k samples of one model differ; an unset seed stays unset.
llm::SamplingParams sampling_for_sample(const ModelRole& role, int sample) {
  auto sampling = role.sampling;
  if (sampling.seed) *sampling.seed += sample;
  return sampling;
}

StageFailure stage_failure(std::string stage, const std::string& endpoint, int iteration,
                           int sample, llm::Failure failure) {
  return {std::move(stage), endpoint, iteration, sample, std::move(failure)};
}

std::optional<llm::Failure> add_candidate(GeneratedItem& item, const llm::ChatResponse& response,
                                          const llm::Choice& choice, const std::string& endpoint,
                                          const std::string& model, int sample) {
  auto candidate = make_candidate(response, choice, endpoint, model);
  if (!candidate.ok()) return candidate.failure();
  candidate.value().sample = sample;
  item.candidates.push_back(std::move(candidate).value());
  return std::nullopt;
}

Task<void> sample_separately(llm::ChatService& chat, const ModelRole& role, GeneratedItem& item,
                             const std::string& model, int first_sample);

// k samples from one model: one request with n=k where the endpoint supports it (samples a
// server did not return are then asked for one by one), else k requests with consecutive seeds.
Task<void> sample_model(llm::ChatService& chat, const ModelRole& role, GeneratedItem& item) {
  auto model = chat.model_of(role.endpoint);
  if (!role.use_n || role.samples == 1) {
    co_await sample_separately(chat, role, item, model, 0);
    co_return;
  }
  {
    auto request = make_request(item.conversation, role);
    request.n = role.samples;
    auto result = co_await chat.chat(role.endpoint, std::move(request),
                                     llm::call_context(item.id, "generate", 0, 0));
    if (!result.ok()) {
      item.failures.push_back(stage_failure("generate", role.endpoint, 0, 0, result.failure()));
      co_return;
    }
    const auto& response = result.value();
    int returned = 0;
    for (const auto& choice : response.choices) {
      if (choice.index < 0 || choice.index >= role.samples) continue;
      ++returned;
      if (auto failure =
              add_candidate(item, response, choice, role.endpoint, model, choice.index)) {
        item.failures.push_back(
            stage_failure("generate", role.endpoint, 0, choice.index, *failure));
      }
    }
    if (returned < role.samples) co_await sample_separately(chat, role, item, model, returned);
  }
}

Task<void> sample_separately(llm::ChatService& chat, const ModelRole& role, GeneratedItem& item,
                             const std::string& model, int first_sample) {
  for (int sample = first_sample; sample < role.samples; ++sample) {
    auto request = make_request(item.conversation, role);
    request.sampling = sampling_for_sample(role, sample);
    auto result = co_await chat.chat(role.endpoint, std::move(request),
                                     llm::call_context(item.id, "generate", 0, sample));
    std::optional<llm::Failure> failure;
    if (result.ok()) {
      failure = add_candidate(item, result.value(), result.value().choices.front(), role.endpoint,
                              model, sample);
    } else {
      failure = result.failure();
    }
    if (failure)
      item.failures.push_back(stage_failure("generate", role.endpoint, 0, sample, *failure));
  }
}

}  // namespace

CallTimes times_of(const llm::ChatResponse& response) {
  return {response.latency_ms, response.queue_ms, response.retry_ms};
}

llm::Outcome<Candidate> make_candidate(const llm::ChatResponse& response, const llm::Choice& choice,
                                       const std::string& endpoint, const std::string& model) {
  auto text = llm::answer_text(choice);
  // A truncated answer is kept (and marked) because its text is real; empty and filtered
  // answers are not answers.
  bool truncated = !text.ok() && text.failure().kind == llm::FailureKind::truncated &&
                   choice.content && !choice.content->empty();
  if (!text.ok() && !truncated) return text.failure();
  Candidate c;
  c.text = truncated ? *choice.content : text.value();
  c.endpoint = endpoint;
  c.model = model;
  c.finish_reason = choice.finish_reason;
  c.truncated = truncated;
  c.usage = response.usage;
  c.times = times_of(response);
  return c;
}

std::string GeneratedItem::status() const {
  if (candidates.empty()) return "failed";
  return failures.empty() ? "ok" : "partial";
}

Task<GeneratedItem> generate_item(llm::ChatService& chat, const GenerationConfig& config,
                                  std::string id, std::vector<llm::Message> conversation) {
  GeneratedItem item;
  item.id = std::move(id);
  item.conversation = std::move(conversation);
  switch (config.strategy) {
    case GenerationStrategy::single:
      co_await sample_model(chat, config.models.front(), item);
      break;
    case GenerationStrategy::multi: {
      // Models run concurrently; each fills its own partial so candidates keep config order.
      std::vector<GeneratedItem> partials(config.models.size(), item);
      std::vector<Task<void>> tasks;
      for (std::size_t i = 0; i < config.models.size(); ++i) {
        tasks.push_back(sample_model(chat, config.models[i], partials[i]));
      }
      co_await when_all(std::move(tasks));
      for (auto& p : partials) {
        for (auto& c : p.candidates) item.candidates.push_back(std::move(c));
        for (auto& f : p.failures) item.failures.push_back(std::move(f));
      }
      break;
    }
    case GenerationStrategy::feedback_loop:
      co_await run_feedback_loop(chat, config, item);
      break;
  }
  co_return item;
}

}  // namespace pogen::pipeline
