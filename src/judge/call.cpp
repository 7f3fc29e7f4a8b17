#include "judge/call.hpp"

#include <utility>

#include "chat/answer.hpp"
#include "chat/failure.hpp"
#include "judge/parse/expected_score.hpp"
#include "judge/parse/parse.hpp"
#include "judge/parse/strategies.hpp"
#include "judge/refusal.hpp"
#include "judge/self_bias.hpp"

namespace pogen::pipeline {
namespace {

// What one call gave: the reply text to parse, or the status and problem saying why there is
// none. raw is the reply as received even when it is not usable (a truncated reply, say).
struct Reply {
  std::optional<std::string> raw;
  std::optional<std::string> text;
  JudgmentStatus status = JudgmentStatus::ok;
  std::string problem;
  llm::Usage usage;
  std::optional<std::vector<llm::TokenLogprob>> logprobs;
};

Reply read_reply(const llm::Outcome<llm::ChatResponse>& outcome) {
  Reply reply;
  if (!outcome) {
    reply.status = status_of_failure(outcome.failure());
    reply.problem = describe_failure(outcome.failure());
    return reply;
  }
  const llm::ChatResponse& response = outcome.value();
  reply.usage = response.usage;
  const llm::Choice& choice = response.choices.front();
  if (choice.content && !choice.content->empty()) reply.raw = choice.content;
  reply.logprobs = choice.logprobs;
  auto text = llm::answer_text(choice);
  if (!text) {
    reply.status = status_of_failure(text.failure());
    reply.problem = describe_failure(text.failure());
    return reply;
  }
  reply.text = std::move(text).value();
  return reply;
}

Pick swap_pick(Pick pick) {
  if (pick == Pick::a) return Pick::b;
  if (pick == Pick::b) return Pick::a;
  return Pick::tie;
}

void apply(const Verdict& reading, bool swapped, Judgment& judgment) {
  judgment.score_a = swapped ? reading.b : reading.a;
  judgment.score_b = swapped ? reading.a : reading.b;
  judgment.score = reading.score;
  if (reading.pick) judgment.pick = swapped ? swap_pick(*reading.pick) : *reading.pick;
  judgment.status = JudgmentStatus::ok;
  judgment.problem.clear();
}

// The expected score of one score of the reply, or why there is none.
ParseResult<ExpectedScore> expected_of(const Reply& reply, ScoreOf which, double max_score) {
  if (!reply.logprobs) return ParseFailure{"the server returned no log-probabilities"};
  auto span = locate_score(*reply.text, which);
  if (!span) return span.failure();
  return expected_score(*reply.logprobs, *reply.text, span.value(), max_score);
}

// With expected scores asked for: the expected scores of a parsed reply, in original labels, and
// which scores the verdicts use.
void apply_expected(const Reply& reply, const JudgeCall& call, Judgment& judgment) {
  judgment.expected_score_a.reset();
  judgment.expected_score_b.reset();
  judgment.expected_score.reset();
  judgment.expected_mass_a.reset();
  judgment.expected_mass_b.reset();
  judgment.expected_mass.reset();
  judgment.expected_unavailable.clear();
  judgment.scores_used.reset();
  judgment.tie_tolerance.reset();
  if (!call.top_logprobs) return;
  std::vector<std::string> why;
  if (judgment.score) {
    auto only = expected_of(reply, ScoreOf::only, call.max_score);
    if (only) {
      judgment.expected_score = only.value().value;
      judgment.expected_mass = only.value().mass;
    } else {
      why.push_back(only.failure().reason);
    }
  } else if (judgment.score_a && judgment.score_b) {
    // The reply's Assistant A is candidate b when the order was BA.
    auto shown_a = expected_of(reply, ScoreOf::a, call.max_score);
    auto shown_b = expected_of(reply, ScoreOf::b, call.max_score);
    const auto& of_a = call.swapped ? shown_b : shown_a;
    const auto& of_b = call.swapped ? shown_a : shown_b;
    if (of_a) {
      judgment.expected_score_a = of_a.value().value;
      judgment.expected_mass_a = of_a.value().mass;
    } else {
      why.push_back("score_a: " + of_a.failure().reason);
    }
    if (of_b) {
      judgment.expected_score_b = of_b.value().value;
      judgment.expected_mass_b = of_b.value().mass;
    } else {
      why.push_back("score_b: " + of_b.failure().reason);
    }
    if (why.size() == 2 && of_a.failure().reason == of_b.failure().reason) {
      why = {of_a.failure().reason};
    }
  } else {
    return;  // a pick: nothing to weigh
  }
  if (why.empty()) {
    judgment.scores_used = ScoreReading::expected;
    judgment.tie_tolerance = expected_tie_tolerance(call.max_score);
    return;
  }
  judgment.scores_used = ScoreReading::sampled;
  for (const auto& reason : why) {
    if (!judgment.expected_unavailable.empty()) judgment.expected_unavailable += "; ";
    judgment.expected_unavailable += reason;
  }
}

void add_usage(llm::Usage& total, const llm::Usage& more) {
  total.prompt_tokens += more.prompt_tokens;
  total.completion_tokens += more.completion_tokens;
  total.total_tokens += more.total_tokens;
}

// Fills judgment from a reply. True when the reply parsed; otherwise status and problem say why,
// and `parse_problem` holds the parser's reason when the text was there but unreadable.
bool take_reply(const Reply& reply, const JudgeCall& call, Judgment& judgment,
                std::string& parse_problem) {
  if (!reply.text) {
    judgment.status = reply.status;
    judgment.problem = reply.problem;
    return false;
  }
  auto reading = strategy_row(call.strategy).read(*reply.text, call.max_score);
  if (reading) {
    apply(reading.value(), call.swapped, judgment);
    apply_expected(reply, call, judgment);
    return true;
  }
  parse_problem = reading.failure().reason;
  if (auto phrase = find_refusal(*reply.text)) {
    judgment.status = JudgmentStatus::refused;
    judgment.problem = "the judge refused (\"" + *phrase + "\")";
  } else {
    judgment.status = JudgmentStatus::parse_failed;
    judgment.problem = parse_problem;
  }
  return false;
}

std::vector<llm::Message> reask_messages(const JudgeCall& call, const std::string& raw) {
  auto messages = call.messages;
  messages.push_back({llm::Role::assistant, raw});
  messages.push_back(
      {llm::Role::user,
       render(*call.reask, {{"required_format", required_format(call.strategy, call.max_score)},
                            {"max_score", format_score(call.max_score)}})});
  return messages;
}

Judgment who_judges(llm::ChatService& chat, const JudgingConfig& config, const JudgeSpec& judge,
                    const JudgeItem& item, JudgeStrategy strategy, std::string order,
                    std::vector<int> candidates) {
  Judgment judgment;
  judgment.judge = judge.endpoint;
  judgment.model = chat.model_of(judge.endpoint);
  judgment.strategy = strategy;
  judgment.order = std::move(order);
  for (int index : candidates) {
    const std::string& author = item.candidates.at(static_cast<std::size_t>(index)).model;
    if (!author.empty()) {
      judgment.self_judged |= same_family(judgment.model, author, config.self_judge.families);
    }
  }
  judgment.candidates = std::move(candidates);
  return judgment;
}

}  // namespace

std::optional<nlohmann::json> response_format(const JudgingConfig& config, JudgeStrategy strategy) {
  if (!config.json_output) return std::nullopt;
  return judge_response_format(strategy, config.max_score);
}

JudgmentStatus status_of_failure(const llm::Failure& failure) {
  switch (failure.kind) {
    case llm::FailureKind::truncated:
      return JudgmentStatus::truncated;
    case llm::FailureKind::content_filter:
      return JudgmentStatus::refused;
    default:
      return JudgmentStatus::transport_error;
  }
}

Task<Judgment> run_judge_call(llm::ChatService& chat, JudgeCall call, Judgment judgment) {
  llm::ChatRequest request{call.messages, call.sampling, std::nullopt, call.response_format,
                           call.top_logprobs};
  Reply first = read_reply(co_await chat.chat(call.endpoint, std::move(request), call.context));
  judgment.raw = first.raw;
  judgment.usage = first.usage;
  std::string parse_problem;
  if (take_reply(first, call, judgment, parse_problem)) co_return judgment;
  if (judgment.status != JudgmentStatus::parse_failed || call.reask == nullptr) {
    co_return judgment;
  }
  llm::ChatRequest again{reask_messages(call, *first.raw), call.sampling, std::nullopt,
                         call.response_format, call.top_logprobs};
  llm::CallContext context = call.context;
  context.role += "-reask";
  Reply second = read_reply(co_await chat.chat(call.endpoint, std::move(again), context));
  judgment.reask_raw = second.raw;
  add_usage(judgment.usage, second.usage);
  std::string second_parse_problem;  // already in judgment.problem when there is one
  if (take_reply(second, call, judgment, second_parse_problem)) co_return judgment;
  judgment.problem = parse_problem + "; after the follow-up: " + judgment.problem;
  co_return judgment;
}

Task<Judgment> judge_pair_order(llm::ChatService& chat, const JudgingConfig& config,
                                const JudgeSpec& judge, const JudgeItem& item, int a, int b,
                                bool swapped) {
  const JudgeStrategy strategy = call_strategy(config);
  const PromptTemplate& tmpl = judge_template(config, strategy);
  auto values = question_values(tmpl, item.conversation);
  values["answer_a"] = item.candidates.at(static_cast<std::size_t>(swapped ? b : a)).text;
  values["answer_b"] = item.candidates.at(static_cast<std::size_t>(swapped ? a : b)).text;
  values["max_score"] = format_score(config.max_score);
  JudgeCall call{.endpoint = judge.endpoint,
                 .sampling = judge.sampling,
                 .messages = {{llm::Role::user, render(tmpl, values)}},
                 .strategy = strategy,
                 .max_score = config.max_score,
                 .swapped = swapped,
                 .response_format = response_format(config, strategy),
                 .top_logprobs = logprob_request(config),
                 .reask = &config.reask_template,
                 .context = {item.id, "judge", 0, 0}};
  Judgment judgment =
      who_judges(chat, config, judge, item, strategy, swapped ? "BA" : "AB", {a, b});
  return run_judge_call(chat, std::move(call), std::move(judgment));
}

Task<Judgment> judge_candidate_alone(llm::ChatService& chat, const JudgingConfig& config,
                                     const JudgeSpec& judge, const JudgeItem& item, int index) {
  const JudgeStrategy strategy = call_strategy(config);
  const PromptTemplate& tmpl = judge_template(config, strategy);
  auto values = question_values(tmpl, item.conversation);
  values["answer"] = item.candidates.at(static_cast<std::size_t>(index)).text;
  values["max_score"] = format_score(config.max_score);
  JudgeCall call{.endpoint = judge.endpoint,
                 .sampling = judge.sampling,
                 .messages = {{llm::Role::user, render(tmpl, values)}},
                 .strategy = strategy,
                 .max_score = config.max_score,
                 .swapped = false,
                 .response_format = response_format(config, strategy),
                 .top_logprobs = logprob_request(config),
                 .reask = &config.reask_template,
                 .context = {item.id, "judge", 0, index}};
  Judgment judgment = who_judges(chat, config, judge, item, strategy, "", {index});
  return run_judge_call(chat, std::move(call), std::move(judgment));
}

}  // namespace pogen::pipeline
