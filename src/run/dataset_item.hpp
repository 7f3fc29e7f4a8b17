#pragma once
// One prompt through the whole pipeline of `pogen build-dataset`: generate the candidates, judge
// them, select the preference pairs and KTO labels, and build the TRL rows. Each stage starts as
// soon as the previous one is done for this item; nothing waits for other items.
//
// Selection scores are on the 10-point scale whatever the judges' max_score: a candidate's mean
// judge score times 10 / max_score; with the comparison strategy (no scores) the share of its
// pairs it won times 10 (a tie counts half). The pair verdicts the judges gave are passed on, so
// a pair is kept only when the direct verdict agrees with the scores (selection.hpp).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/chat_service.hpp"
#include "config/run_config.hpp"
#include "core/enum_names.hpp"
#include "core/task.hpp"
#include "generate/generation.hpp"
#include "judge/judged_item.hpp"
#include "prompt_files/item.hpp"
#include "select/selection.hpp"

namespace pogen::pipeline {

// ok: at least one row; no_pair: judged, but no pair or label passed the selection rules;
// failed: generation or judging failed (no candidates, no verdict, fewer than two candidates
// that could be judged). Only failed items count towards --max-failure-rate.
enum class DatasetOutcome { ok, no_pair, failed };
inline constexpr EnumNames<DatasetOutcome, 3> kDatasetOutcomeNames{
    {{{DatasetOutcome::ok, "ok"},
      {DatasetOutcome::no_pair, "no_pair"},
      {DatasetOutcome::failed, "failed"}}}};
constexpr const auto& enum_names(DatasetOutcome) { return kDatasetOutcomeNames; }

struct DatasetItem {
  GeneratedItem generated;
  JudgedItem judged;
  std::optional<Selection> selection;  // absent when judging gave nothing to select from
  std::vector<nlohmann::json> dpo_rows;
  std::vector<nlohmann::json> kto_rows;
  DatasetOutcome outcome = DatasetOutcome::failed;
  std::string stage;   // where an item without rows stopped: generate, judge, select, rows
  std::string reason;  // why it has no rows; empty when ok
};

// The selection inputs of a judged item: one SelectionCandidate per judged candidate and the
// pair verdicts of its ranking.
std::vector<SelectionCandidate> selection_candidates(const JudgedItem& judged, double max_score);
std::vector<PairwiseVerdict> pairwise_verdicts(const JudgedItem& judged);

// Chooses the pairs and builds the DPO and KTO rows of an item already generated and judged
// (no requests); an item without a usable pair gets its outcome and reason instead.
void select_pairs_and_rows(const RunConfig& config, DatasetItem& item);

Task<DatasetItem> build_dataset_item(llm::ChatService& chat, const RunConfig& config,
                                     io::PromptItem prompt);

// The records.jsonl line: everything about the item.
nlohmann::json record_json(const DatasetItem& item);
// The rejects.jsonl line of an item without rows.
nlohmann::json reject_json(const DatasetItem& item);

}  // namespace pogen::pipeline
