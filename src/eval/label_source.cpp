#include "eval/label_source.hpp"

#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "eval/label_record.hpp"
#include "judge/parse/parse.hpp"
#include "prompt_files/input.hpp"
#include "prompt_files/record.hpp"

namespace pogen::eval {
namespace {

using detail::absent_reason;
using detail::present;
using detail::RecordContext;
using nlohmann::json;

// The paper's parser wrote -1 where it found no score (docs/metrics.md).
constexpr double kPaperFailedScore = -1;

void read_verdict_field(const RecordContext& record, const SourceSpec& spec,
                        const ReadOptions& options, SourceItem& item) {
  const json* value = present(record.fields, spec.field);
  if (!value) {
    item.failure = absent_reason(record.fields, spec.field);
    return;
  }
  const std::optional<MappedLabel> mapped = options.labels.find(*value);
  if (!mapped) {
    record.unknown_labels[{spec.field, label_text(*value)}].push_back(record.line);
    return;
  }
  item.verdict = mapped->verdict;
  if (!item.verdict) item.failure = "label \"" + label_text(*value) + "\" maps to failed";
}

// A score, or nullopt with item.failure set (or a problem recorded).
std::optional<double> read_score(const RecordContext& record, const std::string& field,
                                 const ReadOptions& options, SourceItem& item) {
  const json* value = present(record.fields, field);
  if (!value) {
    item.failure = absent_reason(record.fields, field);
    return std::nullopt;
  }
  if (!value->is_number()) {
    record.problem(field, "expected a number, got " + io::describe_json_type(*value));
    return std::nullopt;
  }
  const double score = value->get<double>();
  if (score == kPaperFailedScore && !options.paper_compat) {
    item.failure = field +
                   " is -1, the paper's mark of an unparsable judge output "
                   "(--paper-compat compares it as a score, as the paper did)";
    return std::nullopt;
  }
  return score;
}

void read_score_fields(const RecordContext& record, const SourceSpec& spec,
                       const ReadOptions& options, SourceItem& item) {
  const std::optional<double> a = read_score(record, spec.field, options, item);
  if (!a) return;
  const std::optional<double> b = read_score(record, spec.field_b, options, item);
  if (!b) return;
  item.verdict = metrics::verdict_from_scores(*a, *b);
}

void read_raw_field(const RecordContext& record, const SourceSpec& spec, SourceItem& item) {
  const json* value = present(record.fields, spec.field);
  if (!value) {
    item.failure = absent_reason(record.fields, spec.field);
    return;
  }
  if (!value->is_string()) {
    record.problem(spec.field, "expected the judge's text, got " + io::describe_json_type(*value));
    return;
  }
  const auto scores = pipeline::parse_combined(value->get<std::string>(), spec.max_score);
  if (!scores) {
    item.failure = "unparsable judge text: " + scores.failure().reason;
    return;
  }
  item.verdict = metrics::verdict_from_scores(scores.value().a, scores.value().b);
}

std::optional<std::string> read_text_field(const RecordContext& record, const std::string& field,
                                           bool numbers_allowed) {
  const json* value = present(record.fields, field);
  if (!value) return std::nullopt;
  if (value->is_string()) return value->get<std::string>();
  if (numbers_allowed && value->is_number_integer()) return value->dump();
  record.problem(field, std::string("expected a string") +
                            (numbers_allowed ? " or an integer" : "") + ", got " +
                            io::describe_json_type(*value));
  return std::nullopt;
}

void read_common_fields(const RecordContext& record, const FieldNames& names, SourceItem& item) {
  item.id = read_text_field(record, names.id, true);
  item.subset = read_text_field(record, names.subset, false);
  const auto a = read_text_field(record, names.response_a, false);
  const auto b = read_text_field(record, names.response_b, false);
  if (a && b) {
    item.length_a = count_characters(*a);
    item.length_b = count_characters(*b);
  }
}

SourceItem read_item(const RecordContext& record, const SourceSpec& spec,
                     const ReadOptions& options) {
  SourceItem item;
  item.line = record.line;
  read_common_fields(record, options.fields, item);
  switch (spec.kind) {
    case SourceKind::verdict:
      read_verdict_field(record, spec, options, item);
      break;
    case SourceKind::scores:
      read_score_fields(record, spec, options, item);
      break;
    case SourceKind::raw:
      read_raw_field(record, spec, item);
      break;
    case SourceKind::judgments:
      detail::read_judgment_record(record, item);
      break;
  }
  if (spec.a_shown_first && !item.ab) item.ab = item.verdict;
  return item;
}

std::unique_ptr<io::RecordSource> open_records(io::PromptInput& input) {
  if (input.peek_nonspace() == '[') return io::make_json_array_source(input);
  return io::make_jsonl_source(input);
}

void check_ids(const LabelSource& source, const FieldNames& names, Diagnostics& problems) {
  std::size_t with_id = 0;
  for (const SourceItem& item : source.items) with_id += item.id ? 1 : 0;
  if (with_id == 0 || with_id == source.items.size()) return;
  for (const SourceItem& item : source.items) {
    if (item.id) continue;
    problems.add(source.spec.path, item.line, names.id,
                 fmt::format("missing, while {} of the {} records have it (every record needs "
                             "one to match items by id)",
                             with_id, source.items.size()));
    return;
  }
}

}  // namespace

LabelSource read_label_source(const SourceSpec& spec, const ReadOptions& options) {
  LabelSource source;
  source.spec = spec;
  io::PromptInput input(spec.path, spec.path);
  const auto records = open_records(input);
  Diagnostics problems;
  detail::UnknownLabels unknown_labels;
  while (auto raw = records->next()) {
    if (raw->problem) {
      problems.add(spec.path, raw->line, raw->problem->field, raw->problem->message);
      continue;
    }
    const RecordContext record{spec.path, raw->line, raw->fields, problems, unknown_labels};
    source.items.push_back(read_item(record, spec, options));
    source.items.back().record = source.items.size();
  }
  detail::report_unknown_labels(spec.path, unknown_labels, options.labels, problems);
  check_ids(source, options.fields, problems);
  problems.throw_if_any();
  source.has_ids = !source.items.empty() && source.items.front().id.has_value();
  return source;
}

std::size_t count_characters(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    // Continuation bytes are 10xxxxxx; every other byte starts a code point.
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace pogen::eval
