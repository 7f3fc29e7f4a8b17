#include "run/dataset_item.hpp"

#include <stdexcept>
#include <utility>

#include "generate/generation_record.hpp"
#include "select/trl_rows.hpp"

namespace pogen::pipeline {

std::vector<SelectionCandidate> selection_candidates(const JudgedItem& judged, double max_score) {
  std::vector<SelectionCandidate> out;
  const auto& standings = judged.ranking->standings;
  for (std::size_t i = 0; i < judged.item.candidates.size(); ++i) {
    SelectionCandidate c;
    c.text = judged.item.candidates[i].text;
    const CandidateStanding* s = i < standings.size() ? &standings[i] : nullptr;
    if (s && s->mean_score) {
      c.score = *s->mean_score * 10.0 / max_score;
    } else if (s && s->pairs > 0) {
      c.score = s->wins * 10.0 / s->pairs;
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<PairwiseVerdict> pairwise_verdicts(const JudgedItem& judged) {
  std::vector<PairwiseVerdict> out;
  for (const auto& pair : judged.ranking->pairs) {
    out.push_back(
        {static_cast<std::size_t>(pair.a), static_cast<std::size_t>(pair.b), pair.verdict});
  }
  return out;
}

namespace {

std::string generation_failure(const GeneratedItem& item) {
  std::string out;
  for (const auto& f : item.failures) {
    out += (out.empty() ? "" : "; ") + describe(f);
  }
  return out.empty() ? "no candidate" : out;
}

// "no pair kept: c0 vs c1 tie; c0 vs c3 margin 0.5 below 1.0", by generation id.
std::string selection_reason(const Selection& selection, const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& d : selection.decisions) {
    if (d.kept) continue;
    out += out.empty() ? "no pair kept: " : "; ";
    out += ids.at(d.first) + (d.second ? " vs " + ids.at(*d.second) : "") + " " + d.reason;
  }
  return out.empty() ? "no pair kept" : out;
}

void build_rows(const RunConfig& config, DatasetItem& item) {
  const auto& judged = item.judged;
  const auto& text_of = [&](std::size_t i) -> const std::string& {
    return judged.item.candidates.at(i).text;
  };
  if (config.output.dpo) {
    for (const auto& pair : item.selection->pairs) {
      item.dpo_rows.push_back(dpo_row(judged.item.id, judged.item.conversation,
                                      text_of(pair.chosen), text_of(pair.rejected),
                                      config.output.format));
    }
  }
  if (config.output.kto) {
    for (const auto& example : item.selection->kto) {
      item.kto_rows.push_back(kto_row(judged.item.id, judged.item.conversation,
                                      text_of(example.candidate), example.desirable,
                                      config.output.format));
    }
  }
}

void fail(DatasetItem& item, const char* stage, std::string reason) {
  item.outcome = DatasetOutcome::failed;
  item.stage = stage;
  item.reason = std::move(reason);
}

}  // namespace

void select_pairs_and_rows(const RunConfig& config, DatasetItem& item) {
  if (item.generated.candidates.empty()) {
    return fail(item, "generate", generation_failure(item.generated));
  }
  if (item.judged.status == JudgedStatus::skipped || item.judged.status == JudgedStatus::failed) {
    return fail(item, "judge", item.judged.reason);
  }
  item.selection = select_pairs(selection_candidates(item.judged, config.judging->max_score),
                                pairwise_verdicts(item.judged), config.selection);
  try {
    build_rows(config, item);
  } catch (const std::invalid_argument& e) {
    item.dpo_rows.clear();
    item.kto_rows.clear();
    return fail(item, "rows", e.what());
  }
  if (item.dpo_rows.empty() && item.kto_rows.empty()) {
    item.outcome = DatasetOutcome::no_pair;
    item.stage = "select";
    item.reason = item.judged.status == JudgedStatus::no_preference
                      ? "no preference: " + item.judged.reason
                      : selection_reason(*item.selection, judged_candidate_ids(item.judged));
    return;
  }
  item.outcome = DatasetOutcome::ok;
}

Task<DatasetItem> build_dataset_item(llm::ChatService& chat, const RunConfig& config,
                                     io::PromptItem prompt) {
  DatasetItem item;
  GeneratedItem generated = co_await generate_item(chat, *config.generation, std::move(prompt.id),
                                                   std::move(prompt.messages));
  item.generated = std::move(generated);
  JudgedItem judged = co_await judge_generated(chat, *config.judging, item.generated);
  item.judged = std::move(judged);
  select_pairs_and_rows(config, item);
  co_return item;
}

nlohmann::json record_json(const DatasetItem& item) {
  nlohmann::json out = {{"id", item.generated.id},
                        {"outcome", name_of(item.outcome)},
                        {"generation", to_json(item.generated)},
                        {"judging", to_json(item.judged)},
                        {"dpo_rows", item.dpo_rows.size()},
                        {"kto_rows", item.kto_rows.size()}};
  if (item.selection) {
    out["selection"] = to_json(*item.selection, judged_candidate_ids(item.judged));
  }
  if (!item.reason.empty()) {
    out["stage"] = item.stage;
    out["reason"] = item.reason;
  }
  return out;
}

nlohmann::json reject_json(const DatasetItem& item) {
  return {{"id", item.generated.id},
          {"outcome", name_of(item.outcome)},
          {"stage", item.stage},
          {"reason", item.reason}};
}

}  // namespace pogen::pipeline
