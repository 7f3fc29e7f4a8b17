#include "eval/agreement_study.hpp"

#include <map>

#include <fmt/format.h>

#include "core/diagnostics.hpp"
#include "metrics/jury.hpp"

namespace pogen::eval {
namespace {

using metrics::Verdict;

// What every rater is compared on for one matched item.
struct Row {
  std::vector<std::size_t> indices;  // into each source's items
  std::string key;                   // id, or "#n"
  Verdict reference = Verdict::tie;
  std::optional<std::string> subset;
  std::optional<std::pair<std::size_t, std::size_t>> lengths;
};

// One rater's verdict on every row (nullopt: failed), with the failures' notes.
struct RaterVerdicts {
  std::vector<std::optional<Verdict>> verdicts;
  std::vector<ItemNote> failures;
  std::size_t incomplete = 0;
};

std::string row_key(const std::vector<LabelSource>& sources, const std::vector<std::size_t>& row,
                    std::size_t position) {
  const SourceItem& item = sources[0].items[row[0]];
  return item.id ? *item.id : fmt::format("#{}", position + 1);
}

// The first source that has the value for this row: the reference usually carries the subset
// and the answers, a judgments file the answers.
Row make_row(const std::vector<LabelSource>& sources, std::vector<std::size_t> indices,
             std::size_t position) {
  Row row;
  row.key = row_key(sources, indices, position);
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const SourceItem& item = sources[s].items[indices[s]];
    if (!row.subset && item.subset) row.subset = item.subset;
    if (!row.lengths && item.length_a && item.length_b) {
      row.lengths = std::pair(*item.length_a, *item.length_b);
    }
  }
  row.indices = std::move(indices);
  return row;
}

std::vector<Row> labelled_rows(const std::vector<LabelSource>& sources, const MatchedItems& matched,
                               const StudyOptions& options, StudyResult& result) {
  const LabelSource& reference = sources[0];
  Diagnostics problems;
  std::vector<Row> rows;
  for (std::size_t i = 0; i < matched.rows.size(); ++i) {
    Row row = make_row(sources, matched.rows[i], i);
    const SourceItem& item = reference.items[row.indices[0]];
    if (item.verdict) {
      row.reference = *item.verdict;
      rows.push_back(std::move(row));
    } else if (options.drop_unlabeled) {
      result.unlabeled.push_back({item.line, item.record, row.key, item.failure});
    } else {
      problems.add(reference.spec.path, item.line, reference.spec.field,
                   "no reference label (" + item.failure +
                       "); fix the file, or give --drop-unlabeled to leave such items out");
    }
  }
  problems.throw_if_any();
  return rows;
}

RaterVerdicts judge_verdicts(const LabelSource& source, std::size_t s,
                             const std::vector<Row>& rows) {
  RaterVerdicts out;
  for (const Row& row : rows) {
    const SourceItem& item = source.items[row.indices[s]];
    out.verdicts.push_back(item.verdict);
    if (!item.verdict) out.failures.push_back({item.line, item.record, row.key, item.failure});
  }
  return out;
}

RaterVerdicts jury_verdicts(const std::vector<const RaterVerdicts*>& members,
                            const std::vector<Row>& rows, FailurePolicy policy) {
  RaterVerdicts out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<Verdict> votes;
    std::size_t failed = 0;
    for (const RaterVerdicts* member : members) {
      const std::optional<Verdict>& vote = member->verdicts[r];
      failed += vote ? 0 : 1;
      if (vote) {
        votes.push_back(*vote);
      } else if (policy == FailurePolicy::tie) {
        votes.push_back(Verdict::tie);
      }
    }
    if (failed > 0 && failed < members.size()) ++out.incomplete;
    if (votes.empty()) {
      out.verdicts.push_back(std::nullopt);
      out.failures.push_back({0, 0, rows[r].key, "every juror failed"});
      continue;
    }
    out.verdicts.push_back(metrics::majority_vote(votes));
  }
  return out;
}

// The pairs a rater is scored on: failures left out, or counted as ties.
std::vector<metrics::VerdictPair> scored_pairs(const RaterVerdicts& rater,
                                               const std::vector<Row>& rows, FailurePolicy policy,
                                               const std::optional<std::string>& subset) {
  std::vector<metrics::VerdictPair> pairs;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (subset && rows[r].subset != subset) continue;
    const std::optional<Verdict>& verdict = rater.verdicts[r];
    if (verdict) {
      pairs.push_back({rows[r].reference, *verdict});
    } else if (policy == FailurePolicy::tie) {
      pairs.push_back({rows[r].reference, Verdict::tie});
    }
  }
  return pairs;
}

std::vector<SubsetAgreement> subset_agreements(const RaterVerdicts& rater,
                                               const std::vector<Row>& rows,
                                               const StudyOptions& options) {
  std::map<std::string, SubsetAgreement> by_name;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].subset) continue;
    SubsetAgreement& subset = by_name[*rows[r].subset];
    subset.subset = *rows[r].subset;
    ++subset.items;
    if (!rater.verdicts[r]) ++subset.failures;
  }
  std::vector<SubsetAgreement> out;
  for (auto& [name, subset] : by_name) {
    const auto pairs = scored_pairs(rater, rows, options.failures, name);
    subset.agreement = metrics::agreement_report(pairs, options.bootstrap);
    out.push_back(std::move(subset));
  }
  return out;
}

std::optional<metrics::LengthBias> length_bias(const RaterVerdicts& rater,
                                               const std::vector<Row>& rows) {
  std::vector<metrics::LengthJudged> judged;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].lengths || !rater.verdicts[r]) continue;
    judged.push_back(
        {rows[r].lengths->first, rows[r].lengths->second, *rater.verdicts[r], rows[r].reference});
  }
  if (judged.empty()) return std::nullopt;
  return metrics::length_bias(judged);
}

std::optional<PositionBias> position_bias(const LabelSource& source, std::size_t s,
                                          const std::vector<Row>& rows) {
  std::vector<metrics::SwappedVerdicts> both;
  std::vector<Verdict> as_presented;
  for (const Row& row : rows) {
    const SourceItem& item = source.items[row.indices[s]];
    if (item.ab && item.ba) {
      both.push_back({*item.ab, *item.ba});
    } else if (item.ab) {
      as_presented.push_back(*item.ab);
    } else if (item.ba) {
      as_presented.push_back(metrics::swap_labels(*item.ba));
    }
  }
  if (both.empty() && as_presented.empty()) return std::nullopt;
  PositionBias bias;
  bias.consistency = metrics::position_consistency(both);
  bias.preference = metrics::position_preference(both);
  const auto single = metrics::position_preference(as_presented);
  bias.preference.first += single.first;
  bias.preference.second += single.second;
  bias.preference.ties += single.ties;
  return bias;
}

RaterResult rater_result(const RaterVerdicts& rater, const std::vector<Row>& rows,
                         const StudyOptions& options) {
  RaterResult result;
  result.items = rows.size();
  result.failures = rater.failures;
  result.incomplete = rater.incomplete;
  const auto pairs = scored_pairs(rater, rows, options.failures, std::nullopt);
  result.agreement = metrics::agreement_report(pairs, options.bootstrap);
  result.subsets = subset_agreements(rater, rows, options);
  result.length = length_bias(rater, rows);
  result.verdicts = rater.verdicts;
  return result;
}

// Every k-element subset of 0..n-1, in lexicographic order.
std::vector<std::vector<std::size_t>> combinations(std::size_t n, std::size_t k) {
  std::vector<std::vector<std::size_t>> out;
  std::vector<std::size_t> pick(k);
  for (std::size_t i = 0; i < k; ++i) pick[i] = i;
  while (true) {
    out.push_back(pick);
    std::size_t i = k;
    while (i > 0 && pick[i - 1] == n - k + i - 1) --i;
    if (i == 0) return out;
    ++pick[i - 1];
    for (std::size_t j = i; j < k; ++j) pick[j] = pick[j - 1] + 1;
  }
}

void check_jury_sizes(const StudyOptions& options, std::size_t judges) {
  for (std::size_t k : options.jury_sizes) {
    if (k >= 2 && k <= judges) continue;
    throw InputError(
        Diagnostic{"", 0, "--jury",
                   fmt::format("a jury of {} needs between 2 and {} judges; {} were given", k,
                               std::max<std::size_t>(judges, 2), judges)});
  }
}

// Jurors are judges 0..n-1, which are sources 1..n (source 0 is the reference).
void add_juries(const std::vector<LabelSource>& sources, const std::vector<RaterVerdicts>& judges,
                const std::vector<Row>& rows, const StudyOptions& options, StudyResult& result) {
  for (std::size_t k : options.jury_sizes) {
    for (const auto& members : combinations(judges.size(), k)) {
      std::vector<const RaterVerdicts*> jurors;
      for (std::size_t m : members) jurors.push_back(&judges[m]);
      RaterResult jury = rater_result(jury_verdicts(jurors, rows, options.failures), rows, options);
      for (std::size_t m : members) {
        jury.members.push_back(sources[m + 1].spec.name);
        jury.name += (jury.name.empty() ? "" : "+") + sources[m + 1].spec.name;
      }
      jury.read_as = "majority vote";
      result.juries.push_back(std::move(jury));
    }
  }
}

}  // namespace

StudyResult run_study(const std::vector<LabelSource>& sources, const MatchedItems& matched,
                      const StudyOptions& options) {
  check_jury_sizes(options, sources.size() - 1);
  StudyResult result;
  result.reference_name = sources[0].spec.name;
  result.reference_file = sources[0].spec.path;
  result.reference_read_as = describe_source(sources[0].spec);
  result.matched_by_id = matched.by_id;
  const std::vector<Row> rows = labelled_rows(sources, matched, options, result);
  result.items = rows.size();
  for (const Row& row : rows) {
    result.item_ids.push_back(row.key);
    result.reference.push_back(row.reference);
  }
  std::vector<RaterVerdicts> judges;
  for (std::size_t s = 1; s < sources.size(); ++s) {
    judges.push_back(judge_verdicts(sources[s], s, rows));
    RaterResult judge = rater_result(judges.back(), rows, options);
    judge.name = sources[s].spec.name;
    judge.file = sources[s].spec.path;
    judge.read_as = describe_source(sources[s].spec);
    judge.position = position_bias(sources[s], s, rows);
    result.judges.push_back(std::move(judge));
  }
  add_juries(sources, judges, rows, options, result);
  return result;
}

}  // namespace pogen::eval
