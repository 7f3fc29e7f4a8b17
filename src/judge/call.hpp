#pragma once
// One judge reading one prompt: the request, the reply's text (or why there is none), the parse,
// and, when the reply cannot be read, ONE follow-up turn in the same conversation asking only for
// the verdict in the required format. The Judgment keeps both replies.
//
// Statuses: a reply cut at max_tokens -> truncated; a content filter -> refused; any other
// failure of the call (transport, HTTP, an empty reply) -> transport_error; an obvious refusal
// (judge_refusal.hpp) -> refused without a follow-up; unreadable after the follow-up ->
// parse_failed. The follow-up's own failure decides the status when it fails.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/chat.hpp"
#include "chat/chat_service.hpp"
#include "chat/failure.hpp"
#include "core/task.hpp"
#include "judge/item_view.hpp"
#include "judge/judge_config.hpp"
#include "judge/record.hpp"

namespace pogen::pipeline {

// The status a failed call (or an unusable reply) leaves a judgment with; its problem text is
// llm::describe_failure's.
JudgmentStatus status_of_failure(const llm::Failure& failure);

// The response_format a judge call carries: the parser's JSON schema when config.json_output.
std::optional<nlohmann::json> response_format(const JudgingConfig& config, JudgeStrategy strategy);

struct JudgeCall {
  std::string endpoint;
  llm::SamplingParams sampling;
  std::vector<llm::Message> messages;
  JudgeStrategy strategy = JudgeStrategy::combined;  // which parser reads the reply
  double max_score = 10;
  bool swapped = false;  // the prompt showed the pair as BA: map A/B back to the original labels
  std::optional<nlohmann::json> response_format;
  // Set with judging.scores: expected: ask for this many top_logprobs (the follow-up too) and
  // give the judgment its expected scores.
  std::optional<int> top_logprobs;
  const PromptTemplate* reask = nullptr;  // {{required_format}} {{max_score}}
  llm::CallContext context;               // the follow-up goes out as role + "-reask"
};

// `judgment` comes in with who and what (judge, model, role, strategy, order, candidates,
// self_judged) and goes out with the replies, scores or pick, status, problem and usage.
Task<Judgment> run_judge_call(llm::ChatService& chat, JudgeCall call, Judgment judgment);

// Pair a, b by one judge with the template and parser of call_strategy(config), a strategy that
// sees a pair (judges_each_answer_alone(config) is false); swapped: the order BA, candidate b in
// the template's Assistant A slot. CallContext role "judge". Both
// functions render the prompt when called; the task refers to chat and config (the follow-up
// template), which must outlive it.
Task<Judgment> judge_pair_order(llm::ChatService& chat, const JudgingConfig& config,
                                const JudgeSpec& judge, const JudgeItem& item, int a, int b,
                                bool swapped);

// One candidate alone, with the template and parser of call_strategy(config), a strategy that
// sees one answer (judges_each_answer_alone(config)). CallContext role "judge".
Task<Judgment> judge_candidate_alone(llm::ChatService& chat, const JudgingConfig& config,
                                     const JudgeSpec& judge, const JudgeItem& item, int index);

}  // namespace pogen::pipeline
