#pragma once
// LLM debate on one pair: R rounds in which every role speaks in turn, each seeing the question,
// both answers (a as Assistant A, b as Assistant B: a debate judges one order) and every usable
// utterance so far with its speaker's role; then each role gives final scores in the combined
// format (parse_combined, with the usual follow-up when unreadable). The verdict is the mean of
// the final scores (default) or a vote over them, with the config's quorum of debaters.
// Calls: rounds * roles utterances, then roles final-score calls (+ follow-ups).

#include <string>
#include <vector>

#include "chat/chat_service.hpp"
#include "core/task.hpp"
#include "judge/item_view.hpp"
#include "judge/judge_config.hpp"
#include "judge/record.hpp"

namespace pogen::pipeline {

// The default panel, each speaking through `judge`: "General Public", "Psychologist", "Critic",
// with personas read from <prompts_dir>/debate-role-general-public.md, debate-role-psychologist.md
// and debate-role-critic.md. Throws InputError when a file cannot be read.
std::vector<DebateRole> default_debate_roles(const std::string& prompts_dir,
                                             const JudgeSpec& judge);

// The discussion as the next speaker sees it: the usable utterances, each as
// "Round <r>, <role>:\n<text without reasoning blocks>", separated by a blank line; before
// anyone has spoken, "(Nobody has spoken yet: you open the discussion.)".
std::string render_transcript(const std::vector<DebateUtterance>& transcript);

// The verdict from a finished debate's final scores. Reasons as count_votes (judge_jury.hpp)
// with "debaters".
PairVerdict debate_verdict(const JudgingConfig& config, int a, int b, DebateRecord debate);

// Runs the debate on a, b (config.debate must be set). CallContext: utterances role "debate",
// iteration = round (1-based), sample = role index; final scores role "debate-final", sample =
// role index.
Task<PairVerdict> debate_pair(llm::ChatService& chat, const JudgingConfig& config,
                              const JudgeItem& item, int a, int b);

}  // namespace pogen::pipeline
