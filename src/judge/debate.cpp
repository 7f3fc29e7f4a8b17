#include "judge/debate.hpp"

#include <fstream>
#include <sstream>
#include <utility>

#include "chat/answer.hpp"
#include "core/diagnostics.hpp"
#include "judge/call.hpp"
#include "judge/gather.hpp"
#include "judge/jury.hpp"
#include "judge/parse/parse.hpp"
#include "judge/self_bias.hpp"

namespace pogen::pipeline {
namespace {

std::string read_persona(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(Diagnostic{path, 0, "", "cannot read the debate persona"});
  std::ostringstream text;
  text << in.rdbuf();
  std::string persona = text.str();
  while (!persona.empty() && (persona.back() == '\n' || persona.back() == '\r')) {
    persona.pop_back();
  }
  return persona;
}

// The values every debate prompt of this pair shares.
std::map<std::string, std::string> pair_values(const PromptTemplate& tmpl,
                                               const JudgingConfig& config, const JudgeItem& item,
                                               int a, int b) {
  auto values = question_values(tmpl, item.conversation);
  values["answer_a"] = item.candidates.at(static_cast<std::size_t>(a)).text;
  values["answer_b"] = item.candidates.at(static_cast<std::size_t>(b)).text;
  values["max_score"] = format_score(config.max_score);
  values["rounds"] = std::to_string(config.debate->rounds);
  return values;
}

// What the call gave: the utterance's text, or its status and problem.
void take_reply(const llm::Outcome<llm::ChatResponse>& outcome, DebateUtterance& utterance) {
  if (!outcome) {
    utterance.status = status_of_failure(outcome.failure());
    utterance.problem = describe_failure(outcome.failure());
    return;
  }
  utterance.usage = outcome.value().usage;
  auto text = llm::answer_text(outcome.value().choices.front());
  if (!text) {
    utterance.status = status_of_failure(text.failure());
    utterance.problem = describe_failure(text.failure());
    return;
  }
  utterance.text = std::move(text).value();
}

// Coroutine parameters are references and scalars only, and every awaited result lands in a
// named local: g++ 12 miscompiles by-value class parameters and temporaries around co_await.
Task<DebateUtterance> speak(llm::ChatService& chat, const JudgeItem& item,
                            const DebateConfig& debate, std::size_t role_index,
                            const std::map<std::string, std::string>& values, int round) {
  const DebateRole& role = debate.roles[role_index];
  DebateUtterance utterance;
  utterance.round = round;
  utterance.role = role.name;
  utterance.judge = role.judge.endpoint;
  utterance.model = chat.model_of(role.judge.endpoint);
  auto filled = values;
  filled["role"] = role.name;
  filled["persona"] = role.persona;
  filled["round"] = std::to_string(round);
  llm::ChatRequest request;
  request.messages.push_back({llm::Role::user, render(debate.turn_template, filled)});
  request.sampling = role.judge.sampling;
  llm::CallContext context{item.id, "debate", round, static_cast<int>(role_index)};
  auto outcome = co_await chat.chat(role.judge.endpoint, std::move(request), std::move(context));
  take_reply(outcome, utterance);
  co_return utterance;
}

// Not a coroutine: it prepares the call and hands back run_judge_call's task.
Task<Judgment> final_scores(llm::ChatService& chat, const JudgingConfig& config,
                            const JudgeItem& item, std::size_t role_index,
                            std::map<std::string, std::string> values, int a, int b) {
  const DebateRole& role = config.debate->roles[role_index];
  values["role"] = role.name;
  values["persona"] = role.persona;
  JudgeCall call{.endpoint = role.judge.endpoint,
                 .sampling = role.judge.sampling,
                 .messages = {{llm::Role::user, render(config.debate->final_template, values)}},
                 .strategy = JudgeStrategy::combined,
                 .max_score = config.max_score,
                 .swapped = false,
                 .response_format = response_format(config, JudgeStrategy::combined),
                 .top_logprobs = logprob_request(config),
                 .reask = &config.reask_template,
                 .context = {item.id, "debate-final", 0, static_cast<int>(role_index)}};
  Judgment judgment;
  judgment.judge = role.judge.endpoint;
  judgment.model = chat.model_of(role.judge.endpoint);
  judgment.role = role.name;
  judgment.order = "AB";
  judgment.candidates = {a, b};
  for (int index : judgment.candidates) {
    const std::string& author = item.candidates.at(static_cast<std::size_t>(index)).model;
    if (!author.empty()) {
      judgment.self_judged |= same_family(judgment.model, author, config.self_judge.families);
    }
  }
  return run_judge_call(chat, std::move(call), std::move(judgment));
}

}  // namespace

std::vector<DebateRole> default_debate_roles(const std::string& prompts_dir,
                                             const JudgeSpec& judge) {
  const std::vector<std::pair<std::string, std::string>> roles = {
      {"General Public", "debate-role-general-public.md"},
      {"Psychologist", "debate-role-psychologist.md"},
      {"Critic", "debate-role-critic.md"}};
  std::vector<DebateRole> out;
  for (const auto& [name, file] : roles) {
    out.push_back({name, read_persona(prompts_dir + "/" + file), judge});
  }
  return out;
}

std::string render_transcript(const std::vector<DebateUtterance>& transcript) {
  std::string out;
  for (const auto& utterance : transcript) {
    if (!utterance.text) continue;
    std::string said = strip_reasoning(*utterance.text);
    if (said.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += "Round " + std::to_string(utterance.round) + ", " + utterance.role + ":\n" + said;
  }
  return out.empty() ? "(Nobody has spoken yet: you open the discussion.)" : out;
}

PairVerdict debate_verdict(const JudgingConfig& config, int a, int b, DebateRecord debate) {
  std::vector<Vote> votes;
  for (const auto& judgment : debate.finals) {
    Vote vote{judgment_verdict(judgment), std::nullopt};
    if (judgment.usable() && judgment.used_score_a() && judgment.used_score_b()) {
      vote.scores = metrics::ScorePair{*judgment.used_score_a(), *judgment.used_score_b()};
    }
    votes.push_back(vote);
  }
  auto result = count_votes(votes, debate.aggregation == DebateAggregation::mean_score,
                            config.quorum, "debaters");
  auto verdict = pair_verdict_from_votes(a, b, std::move(result));
  verdict.debate = std::move(debate);
  return verdict;
}

Task<PairVerdict> debate_pair(llm::ChatService& chat, const JudgingConfig& config,
                              const JudgeItem& item, int a, int b) {
  const DebateConfig& debate = *config.debate;
  DebateRecord record;
  record.rounds = debate.rounds;
  record.aggregation = debate.aggregation;
  const auto turn_values = pair_values(debate.turn_template, config, item, a, b);
  for (int round = 1; round <= debate.rounds; ++round) {
    for (std::size_t i = 0; i < debate.roles.size(); ++i) {
      auto values = turn_values;
      values["transcript"] = render_transcript(record.transcript);
      auto utterance = co_await speak(chat, item, debate, i, values, round);
      record.transcript.push_back(std::move(utterance));
    }
  }
  auto final_values = pair_values(debate.final_template, config, item, a, b);
  final_values["transcript"] = render_transcript(record.transcript);
  std::vector<Task<Judgment>> finals;
  for (std::size_t i = 0; i < debate.roles.size(); ++i) {
    finals.push_back(final_scores(chat, config, item, i, final_values, a, b));
  }
  record.finals = co_await gather(std::move(finals));
  co_return debate_verdict(config, a, b, std::move(record));
}

}  // namespace pogen::pipeline
