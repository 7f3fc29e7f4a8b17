// The generator/reviewer feedback loop (the paper's best generation setup): the generator
// answers; every reviewer critiques the answer and ends with a score; the generator revises its
// answer from all the critiques; N iterations, each answer kept as a candidate. The last answer
// is not reviewed (no revision follows it), so N iterations cost N generator calls and (N-1)
// calls per reviewer, fewer when the loop stops early.

#include <string>
#include <utility>

#include "chat/answer.hpp"
#include "core/when_all.hpp"
#include "generate/generation.hpp"
#include "judge/parse/parse.hpp"
#include "templates/conversation_text.hpp"

namespace pogen::pipeline {
namespace {

std::string format_score(double v) {
  auto s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

llm::ChatRequest request_for(const ModelRole& role, std::vector<llm::Message> messages) {
  llm::ChatRequest request;
  request.messages = std::move(messages);
  request.sampling = role.sampling;
  return request;
}

// Rendering lives outside the coroutines: g++ 12 miscompiles braced initializer lists of string
// literals inside a coroutine body ("array used as initializer").
std::string review_prompt(const GenerationConfig& config, const GeneratedItem& item,
                          const std::string& answer) {
  auto context = render_context(item.conversation);
  if (!context.empty()) context = "Conversation so far:\n\n" + context + "\n";
  return render(config.review_template, {{"question", last_user_turn(item.conversation)},
                                         {"context", context},
                                         {"answer", answer},
                                         {"max_score", format_score(config.review_max_score)}});
}

std::vector<llm::Message> revision_messages(const GenerationConfig& config,
                                            const GeneratedItem& item, const Candidate& current);

struct ReviewOutcome {
  std::optional<Review> review;
  std::optional<llm::Failure> failure;
};

Task<void> review_answer(llm::ChatService& chat, const GenerationConfig& config,
                         const GeneratedItem& item, const std::string& answer, int iteration,
                         int reviewer_index, ReviewOutcome& out) {
  const auto& role = config.reviewers[reviewer_index];
  std::vector<llm::Message> messages(1);
  messages[0].content = review_prompt(config, item, answer);
  auto result = co_await chat.chat(role.endpoint, request_for(role, std::move(messages)),
                                   llm::call_context(item.id, "review", iteration, reviewer_index));
  if (!result.ok()) {
    out.failure = result.failure();
    co_return;
  }
  auto text = llm::answer_text(result.value().choices.front());
  if (!text.ok()) {
    out.failure = text.failure();
    co_return;
  }
  Review review;
  review.reviewer = role.endpoint;
  review.model = chat.model_of(role.endpoint);
  review.text = text.value();
  auto score = parse_independent(review.text, config.review_max_score);
  if (score.ok()) {
    review.score = score.value();
  } else {
    review.score_problem = score.failure().reason;
  }
  review.usage = result.value().usage;
  review.times = times_of(result.value());
  out.review = std::move(review);
}

// Every reviewer's critique of one answer, concurrently. False (with the failure recorded on the
// item) when any reviewer produced none: revising from part of the feedback would silently change
// the setup.
Task<bool> review_candidate(llm::ChatService& chat, const GenerationConfig& config,
                            GeneratedItem& item, int iteration) {
  std::vector<ReviewOutcome> outcomes(config.reviewers.size());
  std::vector<Task<void>> tasks;
  const std::string answer = item.candidates.back().text;
  for (std::size_t r = 0; r < config.reviewers.size(); ++r) {
    tasks.push_back(
        review_answer(chat, config, item, answer, iteration, static_cast<int>(r), outcomes[r]));
  }
  co_await when_all(std::move(tasks));
  bool complete = true;
  for (std::size_t r = 0; r < outcomes.size(); ++r) {
    if (outcomes[r].review) {
      item.candidates.back().reviews.push_back(std::move(*outcomes[r].review));
    } else {
      item.failures.push_back({"review", config.reviewers[r].endpoint, iteration,
                               static_cast<int>(r), *outcomes[r].failure});
      complete = false;
    }
  }
  co_return complete;
}

bool every_reviewer_satisfied(const Candidate& candidate, double threshold) {
  for (const auto& review : candidate.reviews) {
    if (!review.score || *review.score < threshold) return false;
  }
  return !candidate.reviews.empty();
}

std::string combined_feedback(const Candidate& candidate) {
  if (candidate.reviews.size() == 1) return candidate.reviews.front().text;
  std::string out;
  for (std::size_t r = 0; r < candidate.reviews.size(); ++r) {
    if (!out.empty()) out += "\n\n";
    out += "### Reviewer " + std::to_string(r + 1) + "\n" + candidate.reviews[r].text;
  }
  return out;
}

// One generator call; true when it produced a candidate.
Task<bool> generate_answer(llm::ChatService& chat, const GenerationConfig& config,
                           GeneratedItem& item, std::vector<llm::Message> messages, int iteration) {
  const auto& role = config.generator;
  const char* stage = iteration == 1 ? "generate" : "revise";
  auto result = co_await chat.chat(role.endpoint, request_for(role, std::move(messages)),
                                   llm::call_context(item.id, stage, iteration, 0));
  if (!result.ok()) {
    item.failures.push_back({stage, role.endpoint, iteration, 0, result.failure()});
    co_return false;
  }
  auto candidate = make_candidate(result.value(), result.value().choices.front(), role.endpoint,
                                  chat.model_of(role.endpoint));
  if (!candidate.ok()) {
    item.failures.push_back({stage, role.endpoint, iteration, 0, candidate.failure()});
    co_return false;
  }
  candidate.value().iteration = iteration;
  item.candidates.push_back(std::move(candidate).value());
  co_return true;
}

// The original conversation, the generator's previous answer, then the reviewers' feedback.
std::vector<llm::Message> revision_messages(const GenerationConfig& config,
                                            const GeneratedItem& item, const Candidate& current) {
  auto messages = item.conversation;
  messages.push_back({llm::Role::assistant, current.text});
  messages.push_back({llm::Role::user, render(config.revise_template,
                                              {{"feedback", combined_feedback(current)},
                                               {"question", last_user_turn(item.conversation)}})});
  return messages;
}

}  // namespace

Task<void> run_feedback_loop(llm::ChatService& chat, const GenerationConfig& config,
                             GeneratedItem& item) {
  // Each co_await is a statement of its own: g++ 12 corrupts the frame of a co_await inside a
  // condition.
  bool produced = co_await generate_answer(chat, config, item, item.conversation, 1);
  if (!produced) co_return;
  for (int iteration = 1; iteration < config.iterations; ++iteration) {
    bool reviewed = co_await review_candidate(chat, config, item, iteration);
    if (!reviewed) co_return;
    const auto& current = item.candidates.back();
    if (config.early_stop_score && every_reviewer_satisfied(current, *config.early_stop_score)) {
      item.stopped_early = true;
      co_return;
    }
    auto messages = revision_messages(config, item, current);
    produced = co_await generate_answer(chat, config, item, std::move(messages), iteration + 1);
    if (!produced) co_return;
  }
}

const std::set<std::string>& review_placeholders() {
  static const std::set<std::string> names{"question", "context", "answer", "max_score"};
  return names;
}

const std::set<std::string>& revise_placeholders() {
  static const std::set<std::string> names{"feedback", "question"};
  return names;
}

}  // namespace pogen::pipeline
