#pragma once
// One line of judgments.jsonl: a generated item's candidates as the judges saw them, and what
// they decided. Candidates that cannot be judged (truncated answers) are left out before judging
// and listed with the reason; an item with fewer than two candidates left is not judged at all.
//
// Indices in `ranking` refer to `candidates` here (the judged ones); `source_index` maps each
// back to its position in candidates.jsonl, and the id written beside each (`c<source_index>`)
// is the candidate's one name in every output.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/chat_service.hpp"
#include "core/enum_names.hpp"
#include "core/task.hpp"
#include "generate/generation.hpp"
#include "judge/item_view.hpp"
#include "judge/judge_config.hpp"
#include "judge/record.hpp"

namespace pogen::pipeline {

// ok: a best and a worst were found; no_preference: judged, but nothing told the candidates
// apart; failed: no judgment gave a verdict or a usable score; skipped: fewer than two candidates
// could be judged, so no judge was asked.
enum class JudgedStatus { ok, no_preference, failed, skipped };
inline constexpr EnumNames<JudgedStatus, 4> kJudgedStatusNames{
    {{{JudgedStatus::ok, "ok"},
      {JudgedStatus::no_preference, "no_preference"},
      {JudgedStatus::failed, "failed"},
      {JudgedStatus::skipped, "skipped"}}}};
constexpr const auto& enum_names(JudgedStatus) { return kJudgedStatusNames; }

struct SkippedCandidate {
  std::size_t source_index = 0;
  std::string reason;  // "truncated", "empty"
};

struct JudgedCandidate {
  std::size_t source_index = 0;
  std::string endpoint;
};

struct JudgedItem {
  JudgeItem item;                           // id, conversation, the judged candidates
  std::vector<JudgedCandidate> candidates;  // parallel to item.candidates
  std::vector<SkippedCandidate> skipped;
  std::optional<Ranking> ranking;  // absent when skipped
  JudgedStatus status = JudgedStatus::skipped;
  std::string reason;  // why the status is not ok
};

// What becomes of an empty (or whitespace-only) answer. Building a dataset skips it: it is no
// candidate worth a judge's call. Measuring a judge (eval-judge, winrate) judges it: an empty
// answer is a real answer that humans labelled, and leaving it out makes the judge look worse
// than it is (docs/eval-judge.md).
enum class EmptyAnswers { skip, judge };

// The item as the judges will see it: every candidate that is not truncated, nor empty unless
// `empty` says to judge empty answers.
JudgedItem prepare_judging(const GeneratedItem& generated, EmptyAnswers empty = EmptyAnswers::skip);

// Sets status and reason from the ranking.
void settle_status(JudgedItem& judged);

// prepare_judging, then judge_item when at least two candidates remain.
Task<JudgedItem> judge_generated(llm::ChatService& chat, const JudgingConfig& config,
                                 GeneratedItem generated, EmptyAnswers empty = EmptyAnswers::skip);

// The generation id (generate/candidate_id.hpp) of each judged candidate, by judged position.
std::vector<std::string> judged_candidate_ids(const JudgedItem& judged);

// Every judged candidate, skipped candidate, pair verdict, judgment and standing names its
// candidates by generation id ("id", "a_id"/"b_id", "candidate_ids", "best_id"/"worst_id"),
// beside the judged positions that judgments.jsonl readers use.
nlohmann::json to_json(const JudgedItem& judged);

}  // namespace pogen::pipeline
