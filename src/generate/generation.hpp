#pragma once
// The generation stage: candidate answers for one prompt, by one of three strategies.
//   single         one answer from one model
//   multi          k answers from each of m models (n where the endpoint supports it)
//   feedback-loop  a generator answers, reviewers critique with a score, the generator revises;
//                  every iteration's answer is kept as a candidate

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "chat/chat.hpp"
#include "chat/chat_service.hpp"
#include "chat/failure.hpp"
#include "core/enum_names.hpp"
#include "core/task.hpp"
#include "templates/prompt_template.hpp"

namespace pogen::pipeline {

enum class GenerationStrategy { single, multi, feedback_loop };
inline constexpr EnumNames<GenerationStrategy, 3> kGenerationStrategyNames{
    {{{GenerationStrategy::single, "single"},
      {GenerationStrategy::multi, "multi"},
      {GenerationStrategy::feedback_loop, "feedback-loop"}}}};
constexpr const auto& enum_names(GenerationStrategy) { return kGenerationStrategyNames; }

// One model in one role, with its own sampling parameters.
struct ModelRole {
  std::string endpoint;
  llm::SamplingParams sampling;
  int samples = 1;     // multi: answers wanted from this model
  bool use_n = false;  // ask for all samples in one request (the endpoint's supports_n)
};

struct GenerationConfig {
  GenerationStrategy strategy = GenerationStrategy::single;
  std::vector<ModelRole> models;  // single: exactly one; multi: one or more
  ModelRole generator;            // feedback-loop
  std::vector<ModelRole> reviewers;
  int iterations = 3;
  std::optional<double> early_stop_score;  // stop once every reviewer scores at least this
  double review_max_score = 10;
  PromptTemplate review_template;  // {{conversation}} {{question}} {{answer}} {{max_score}}
  PromptTemplate revise_template;  // {{feedback}}
};

// Placeholders each template may use.
const std::set<std::string>& review_placeholders();
const std::set<std::string>& revise_placeholders();

// What the request behind an answer or a review took, as first measured (a response from the
// cache keeps its times): the exchange that answered, the wait in pogen's own queue, the failed
// attempts and their backoff.
struct CallTimes {
  double latency_ms = 0;
  double queue_ms = 0;
  double retry_ms = 0;
};
CallTimes times_of(const llm::ChatResponse& response);

struct Review {
  std::string reviewer;  // endpoint name
  std::string model;
  std::string text;
  std::optional<double> score;  // parsed from the critique; absent when it could not be
  std::string score_problem;    // why the score could not be parsed
  llm::Usage usage;
  CallTimes times;
};

struct Candidate {
  std::string text;
  std::string endpoint;
  std::string model;
  int iteration = 0;  // 1-based in a feedback loop, 0 otherwise
  int sample = 0;     // index among one model's samples
  std::string finish_reason;
  bool truncated = false;       // finish_reason "length": kept for the record, never paired
  std::vector<Review> reviews;  // the critiques of this answer (they shape the next iteration)
  llm::Usage usage;
  CallTimes times;  // a sample of a multi-sample request shares the request's times
};

// Why an item (or one of its samples) produced no answer.
struct StageFailure {
  std::string stage;  // "generate", "review", "revise"
  std::string endpoint;
  int iteration = 0;
  int sample = 0;
  llm::Failure failure;
};

struct GeneratedItem {
  std::string id;
  std::vector<llm::Message> conversation;
  std::vector<Candidate> candidates;
  std::vector<StageFailure> failures;  // samples or steps that failed
  bool stopped_early = false;
  // ok: everything asked for was produced; partial: some candidates exist but a step failed;
  // failed: no candidate at all.
  std::string status() const;
};

// A candidate from one choice of a response, or why the choice is not an answer (empty,
// filtered). A truncated answer is a candidate marked truncated.
llm::Outcome<Candidate> make_candidate(const llm::ChatResponse& response, const llm::Choice& choice,
                                       const std::string& endpoint, const std::string& model);

// The generator/reviewer loop (feedback_loop.cpp), filling item.candidates iteration by iteration.
Task<void> run_feedback_loop(llm::ChatService& chat, const GenerationConfig& config,
                             GeneratedItem& item);

// Runs the configured strategy for one prompt. Never throws for a failed request (failures are
// recorded); Interrupted propagates.
Task<GeneratedItem> generate_item(llm::ChatService& chat, const GenerationConfig& config,
                                  std::string id, std::vector<llm::Message> conversation);

}  // namespace pogen::pipeline
