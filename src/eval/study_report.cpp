#include "eval/study_report.hpp"

#include <fmt/format.h>

#include "core/json_output.hpp"
#include "metrics/wilson.hpp"

namespace pogen::eval {
namespace {

using nlohmann::json;

json matrix_json(const metrics::ConfusionMatrix& matrix) {
  json rows = json::object();
  for (metrics::Verdict reference : metrics::kVerdicts) {
    json row = json::object();
    for (metrics::Verdict predicted : metrics::kVerdicts) {
      row[name_of(predicted)] = matrix.at(reference, predicted);
    }
    rows[name_of(reference)] = row;
  }
  return rows;
}

json agreement_json(const metrics::AgreementReport& report) {
  return {{"compared", report.point.matrix.total()},
          {"kappa", io::number_or_null(report.point.kappa)},
          {"kappa_interval", interval_json(report.kappa)},
          {"accuracy", io::number_or_null(report.point.accuracy)},
          {"accuracy_interval", interval_json(report.accuracy)},
          {"confusion", matrix_json(report.point.matrix)}};
}

json notes_json(const std::vector<ItemNote>& notes) {
  json out = json::array();
  for (const ItemNote& note : notes) {
    json entry = {{"id", note.id}, {"reason", note.reason}};
    if (note.line > 0) entry["line"] = note.line;
    if (note.record > 0) entry["record"] = note.record;
    out.push_back(entry);
  }
  return out;
}

json preference_json(const metrics::LongerAnswerPreference& p) {
  return {{"longer", p.longer},
          {"shorter", p.shorter},
          {"ties", p.ties},
          {"equal_length", p.equal_length},
          {"longer_win_rate", io::number_or_null(p.longer_win_rate())}};
}

json wilson_json(const metrics::Proportion& proportion) {
  const auto interval = metrics::wilson_interval(proportion.count, proportion.total);
  return {{"lower", interval ? json(interval->lower) : json(nullptr)},
          {"upper", interval ? json(interval->upper) : json(nullptr)},
          {"method", "wilson"}};
}

json position_json(const std::optional<PositionBias>& bias) {
  if (!bias) return nullptr;
  return {{"both_orders", bias->consistency.total},
          {"consistent", bias->consistency.count},
          {"consistency", io::number_or_null(bias->consistency.value())},
          {"consistency_interval", wilson_json(bias->consistency)},
          {"first_wins", bias->preference.first},
          {"second_wins", bias->preference.second},
          {"ties", bias->preference.ties},
          {"first_win_rate", io::number_or_null(bias->preference.first_win_rate())}};
}

json length_json(const std::optional<metrics::LengthBias>& bias) {
  if (!bias) return nullptr;
  return {{"unit", "characters"},
          {"judge", preference_json(bias->judge)},
          {"reference", preference_json(bias->human)}};
}

std::optional<double> failure_rate(const RaterResult& rater) {
  if (rater.items == 0) return std::nullopt;
  return static_cast<double>(rater.failures.size()) / static_cast<double>(rater.items);
}

json rater_json(const RaterResult& rater) {
  json out = {{"name", rater.name}};
  if (!rater.members.empty()) {
    out["members"] = rater.members;
    out["incomplete"] = rater.incomplete;
  } else {
    out["file"] = rater.file;
  }
  out["read_as"] = rater.read_as;
  out["items"] = rater.items;
  out["failures"] = {{"count", rater.failures.size()},
                     {"rate", io::number_or_null(failure_rate(rater))},
                     {"items", notes_json(rater.failures)}};
  out["agreement"] = agreement_json(rater.agreement);
  json subsets = json::array();
  for (const SubsetAgreement& subset : rater.subsets) {
    subsets.push_back({{"subset", subset.subset},
                       {"items", subset.items},
                       {"failures", subset.failures},
                       {"agreement", agreement_json(subset.agreement)}});
  }
  out["subsets"] = subsets;
  out["position"] = position_json(rater.position);
  out["length"] = length_json(rater.length);
  return out;
}

std::string failure_counting(const StudyOptions& options, bool paper_compat) {
  std::string text =
      options.failures == FailurePolicy::tie
          ? "a judge failure (no verdict) counts as a tie verdict in kappa and accuracy, and a "
            "failed juror votes tie"
          : "a judge failure (no verdict) is left out of that judge's kappa and accuracy and "
            "counted in failures; a jury takes the majority of the jurors that gave a verdict "
            "and fails only when every juror failed";
  text += paper_compat ? "; --paper-compat: a score of -1 is compared as a score (the paper's "
                         "convention), not counted as a failure"
                       : "; a score of -1 (the paper's mark of a parse failure) is a failure";
  return text;
}

std::string number(const std::optional<double>& value, int digits) {
  return value ? fmt::format("{:.{}f}", *value, digits) : "n/a";
}

std::string interval_text(const metrics::BootstrapInterval& interval) {
  if (!interval.interval) return "n/a";
  return fmt::format("[{:.3f}, {:.3f}]", interval.interval->lower, interval.interval->upper);
}

// Names go last: jury names run long, and the numbers stay aligned whatever their length.
std::string table_row(std::size_t items, std::size_t failures,
                      const metrics::AgreementReport& report, const std::string& name) {
  return fmt::format("{:>6} {:>6} {:>7} {:>17} {:>7}  {}\n", items, failures,
                     number(report.point.kappa, 3), interval_text(report.kappa),
                     number(report.point.accuracy, 3), name);
}

void append_rater(std::string& out, const RaterResult& rater) {
  out += table_row(rater.items, rater.failures.size(), rater.agreement, rater.name);
  for (const SubsetAgreement& subset : rater.subsets) {
    out += table_row(subset.items, subset.failures, subset.agreement,
                     rater.name + " / " + subset.subset);
  }
}

std::string bias_row(const RaterResult& rater) {
  std::optional<double> consistency;
  std::optional<double> first_wins;
  std::string consistency_interval = "n/a";
  if (rater.position) {
    consistency = rater.position->consistency.value();
    first_wins = rater.position->preference.first_win_rate();
    const auto interval = metrics::wilson_interval(rater.position->consistency.count,
                                                   rater.position->consistency.total);
    if (interval) {
      consistency_interval = fmt::format("[{:.3f}, {:.3f}]", interval->lower, interval->upper);
    }
  }
  std::optional<double> judge_longer;
  std::optional<double> reference_longer;
  if (rater.length) {
    judge_longer = rater.length->judge.longer_win_rate();
    reference_longer = rater.length->human.longer_win_rate();
  }
  return fmt::format("{:>11} {:>17} {:>11} {:>12} {:>12}  {}\n", number(consistency, 3),
                     consistency_interval, number(first_wins, 3), number(judge_longer, 3),
                     number(reference_longer, 3), rater.name);
}

bool has_bias(const RaterResult& rater) { return rater.position || rater.length; }

}  // namespace

json study_json(const StudyResult& result, const StudyOptions& options, bool paper_compat) {
  json judges = json::array();
  for (const RaterResult& judge : result.judges) judges.push_back(rater_json(judge));
  json juries = json::array();
  for (const RaterResult& jury : result.juries) juries.push_back(rater_json(jury));
  return {{"reference",
           {{"name", result.reference_name},
            {"file", result.reference_file},
            {"read_as", result.reference_read_as}}},
          {"matched_by", result.matched_by_id ? "id" : "position"},
          {"items", result.items},
          {"unlabeled_dropped", notes_json(result.unlabeled)},
          {"kappa", "Cohen's kappa, unweighted, over the classes A, B, tie"},
          {"failure_policy", name_of(options.failures)},
          {"failure_counting", failure_counting(options, paper_compat)},
          {"paper_compat", paper_compat},
          {"bootstrap",
           {{"resamples", options.bootstrap.resamples},
            {"seed", options.bootstrap.seed},
            {"percentiles", {metrics::kLowerPercentile, metrics::kUpperPercentile}}}},
          {"judges", judges},
          {"juries", juries}};
}

std::vector<json> study_verdict_lines(const StudyResult& result) {
  std::vector<json> lines;
  for (std::size_t i = 0; i < result.items; ++i) {
    json line = {{"id", result.item_ids[i]}, {"reference", name_of(result.reference[i])}};
    for (const auto* raters : {&result.judges, &result.juries}) {
      for (const RaterResult& rater : *raters) {
        const auto& verdict = rater.verdicts[i];
        line[rater.name] = verdict ? json(name_of(*verdict)) : json(nullptr);
      }
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string study_table(const StudyResult& result, const StudyOptions& options) {
  std::string out =
      fmt::format("reference {} ({}): {} items, matched by {}; judge failures: {}\n",
                  result.reference_name, result.reference_read_as, result.items,
                  result.matched_by_id ? "id" : "position", name_of(options.failures));
  out += fmt::format("{:>6} {:>6} {:>7} {:>17} {:>7}  {}\n", "items", "failed", "kappa",
                     "95% interval", "acc", "judge");
  for (const RaterResult& judge : result.judges) append_rater(out, judge);
  for (const RaterResult& jury : result.juries) append_rater(out, jury);
  bool any_bias = false;
  for (const RaterResult& judge : result.judges) any_bias = any_bias || has_bias(judge);
  if (!any_bias) return out;
  out += fmt::format("\n{:>11} {:>17} {:>11} {:>12} {:>12}  {}\n", "consistent", "Wilson 95%",
                     "first-wins", "longer-wins", "(reference)", "judge");
  for (const RaterResult& judge : result.judges) {
    if (has_bias(judge)) out += bias_row(judge);
  }
  return out;
}

json interval_json(const metrics::BootstrapInterval& interval) {
  json out = {{"resamples", interval.resamples}, {"undefined", interval.undefined}};
  if (interval.interval) {
    out["lower"] = interval.interval->lower;
    out["upper"] = interval.interval->upper;
  } else {
    out["lower"] = nullptr;
    out["upper"] = nullptr;
  }
  return out;
}

}  // namespace pogen::eval
