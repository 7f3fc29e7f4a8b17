// judgments.jsonl, as pogen judge writes it: one item a line, its candidates, and a ranking
// whose pair verdicts name candidates by their index in the line's own candidates array
// (to_json(Ranking) in src/pipeline/judge_record.cpp).

#include <fmt/format.h>

#include "eval/label_record.hpp"

namespace pogen::eval::detail {
namespace {

using nlohmann::json;

// The verdict on candidates 0 and 1, in that order; nullptr when the ranking has no such pair.
const json* first_pair(const json& ranking, bool& swapped) {
  const json* pairs = present(ranking, "pairs");
  if (!pairs || !pairs->is_array()) return nullptr;
  for (const json& pair : *pairs) {
    const int a = pair.value("a", -1);
    const int b = pair.value("b", -1);
    if ((a == 0 && b == 1) || (a == 1 && b == 0)) {
      swapped = a == 1;
      return &pair;
    }
  }
  return nullptr;
}

std::optional<metrics::Verdict> judgment_verdict(const json& judgment) {
  if (judgment.value("status", "") != "ok") return std::nullopt;
  const json* a = present(judgment, "score_a");
  const json* b = present(judgment, "score_b");
  if (a && b && a->is_number() && b->is_number()) {
    return metrics::verdict_from_scores(a->get<double>(), b->get<double>());
  }
  const json* pick = present(judgment, "pick");
  if (pick && pick->is_string()) return parse_enum<metrics::Verdict>(pick->get<std::string>());
  return std::nullopt;
}

// Judgments give scores and picks in the original labels whatever the order shown, so only the
// pair's own swap (a=1, b=0) needs undoing.
void read_orders(const json& pair, bool swapped, SourceItem& item) {
  const json* judgments = present(pair, "judgments");
  if (!judgments || !judgments->is_array()) return;
  for (const json& judgment : *judgments) {
    std::optional<metrics::Verdict> verdict = judgment_verdict(judgment);
    if (!verdict) continue;
    if (swapped) verdict = metrics::swap_labels(*verdict);
    const std::string order = judgment.value("order", "");
    // "AB" shows the pair's a first; undone by the swap above, that is candidate 0 first unless
    // the pair was swapped.
    const bool zero_first = (order == "AB") != swapped;
    if (order != "AB" && order != "BA") continue;
    (zero_first ? item.ab : item.ba) = verdict;
  }
}

void read_lengths(const json& fields, SourceItem& item) {
  const json* candidates = present(fields, "candidates");
  if (!candidates || !candidates->is_array() || candidates->size() < 2) return;
  const json* a = present((*candidates)[0], "text");
  const json* b = present((*candidates)[1], "text");
  if (!a || !b || !a->is_string() || !b->is_string()) return;
  item.length_a = count_characters(a->get<std::string>());
  item.length_b = count_characters(b->get<std::string>());
}

std::string item_failure(const json& fields) {
  const std::string status = fields.value("status", "");
  const std::string reason = fields.value("reason", "");
  if (status.empty()) return "no ranking and no status";
  return reason.empty() ? "status " + status : "status " + status + ": " + reason;
}

void read_record(const RecordContext& record, SourceItem& item) {
  const json& fields = record.fields;
  read_lengths(fields, item);
  const json* ranking = present(fields, "ranking");
  if (!ranking || !ranking->is_object()) {
    item.failure = item_failure(fields);
    return;
  }
  bool swapped = false;
  const json* pair = first_pair(*ranking, swapped);
  if (!pair) {
    item.failure = "the ranking has no verdict on candidates 0 and 1";
    return;
  }
  const std::string verdict = pair->value("verdict", "");
  if (verdict == "failed") {
    item.failure = "pair verdict failed: " + pair->value("reason", std::string("no reason given"));
    return;
  }
  item.verdict = parse_enum<metrics::Verdict>(verdict);
  if (!item.verdict) {
    record.problem("ranking.pairs.verdict",
                   fmt::format("\"{}\" is not a verdict (A, B, tie or failed)", verdict));
    return;
  }
  if (swapped) item.verdict = metrics::swap_labels(*item.verdict);
  read_orders(*pair, swapped, item);
}

}  // namespace

// A field of the wrong type deep in a line (a string where pogen writes a number) makes the
// json accessors throw; that is bad input on this line, not a crash.
void read_judgment_record(const RecordContext& record, SourceItem& item) {
  try {
    read_record(record, item);
  } catch (const nlohmann::json::type_error& error) {
    record.problem("", std::string("not a line of pogen judge's judgments.jsonl: ") + error.what());
  }
}

}  // namespace pogen::eval::detail
