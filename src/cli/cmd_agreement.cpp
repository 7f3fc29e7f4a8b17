// pogen agreement: judges measured against labels that already exist (human labels, another
// judge), and juries formed from them, with no request sent. docs/agreement.md.

#include <charconv>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/subcommand.hpp"
#include "core/atomic_file.hpp"
#include "core/diagnostics.hpp"
#include "core/exit_code.hpp"
#include "core/json_output.hpp"
#include "eval/agreement_study.hpp"
#include "eval/item_matching.hpp"
#include "eval/label_source.hpp"
#include "eval/study_report.hpp"

namespace pogen::cli {
namespace {

struct AgreementOptions {
  std::string reference;
  std::vector<std::string> judges;
  std::string jury;
  bool by_position = false;
  std::vector<std::string> fields;
  std::vector<std::string> label_maps;
  bool paper_compat = false;
  std::string failures = "exclude";
  bool drop_unlabeled = false;
  std::uint64_t seed = metrics::kDefaultBootstrapSeed;
  std::size_t resamples = metrics::kDefaultResamples;
  std::string report;
  std::string verdicts;
};

void add_flags(CLI::App& app, AgreementOptions& o) {
  app.add_option("--reference", o.reference,
                 "The labels judges are measured against: FILE[:SPEC] (see docs/agreement.md)")
      ->required();
  app.add_option("--judge", o.judges, "A judge's verdicts: FILE[:SPEC]; repeat for several")
      ->required();
  app.add_option("--jury", o.jury,
                 "Also every jury of K judges (majority vote): K, K1,K2,... or all (2..judges)");
  app.add_flag("--by-position", o.by_position,
               "Match items by their order in the files, not by id");
  app.add_option("--field", o.fields,
                 "Rename a field read from every file: NAME=FIELD, NAME one of id, subset, "
                 "response_a, response_b");
  app.add_option("--label-map", o.label_maps,
                 "Map label values to verdicts: LABEL=A|B|tie|failed,... (A, B, tie map to "
                 "themselves)");
  app.add_flag("--paper-compat", o.paper_compat,
               "Compare the paper's -1 parse failures as scores, as the paper did");
  app.add_option("--failures", o.failures,
                 "What a judge failure counts as: exclude (default; left out, counted) or tie")
      ->check(CLI::IsMember({"exclude", "tie"}));
  app.add_flag("--drop-unlabeled", o.drop_unlabeled,
               "Leave out reference items without a label (listed in the report) instead of "
               "stopping");
  app.add_option("--seed", o.seed, "Bootstrap seed (default 42)");
  app.add_option("--resamples", o.resamples, "Bootstrap resamples (default 1000; 0: none)");
  app.add_option("--report", o.report, "Write the full report as JSON to this file");
  app.add_option("--verdicts", o.verdicts,
                 "Write every item's verdicts (reference, each judge and jury) as JSON Lines");
}

[[noreturn]] void fail_jury(const std::string& value) {
  throw InputError(Diagnostic{
      "", 0, "--jury", fmt::format("\"{}\": expected a jury size, sizes like 2,3, or all", value)});
}

std::vector<std::size_t> jury_sizes(const std::string& value, std::size_t judges) {
  std::vector<std::size_t> sizes;
  if (value.empty()) return sizes;
  if (value == "all") {
    for (std::size_t k = 2; k <= judges; ++k) sizes.push_back(k);
    if (sizes.empty()) {
      throw InputError(Diagnostic{"", 0, "--jury", "all: a jury needs at least 2 judges"});
    }
    return sizes;
  }
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t end = std::min(value.find(',', start), value.size());
    std::size_t k = 0;
    const auto [rest, error] = std::from_chars(value.data() + start, value.data() + end, k);
    if (error != std::errc() || rest != value.data() + end) fail_jury(value);
    sizes.push_back(k);
    start = end + 1;
  }
  return sizes;
}

eval::ReadOptions read_options(const AgreementOptions& o) {
  eval::ReadOptions read;
  for (const std::string& entries : o.fields) read.fields.rename(entries, "--field");
  for (const std::string& entries : o.label_maps) read.labels.add(entries, "--label-map");
  read.paper_compat = o.paper_compat;
  return read;
}

// Names key the report's raters and the verdict lines' fields, so two judges cannot share one.
void check_unique_names(const std::vector<eval::SourceSpec>& specs) {
  for (std::size_t i = 1; i < specs.size(); ++i) {
    for (std::size_t j = 1; j < i; ++j) {
      if (specs[i].name != specs[j].name) continue;
      throw InputError(Diagnostic{
          "", 0, "--judge",
          fmt::format("two judges are named \"{}\" ({} and {}); name them with :...,name=NAME",
                      specs[i].name, specs[j].path, specs[i].path)});
    }
  }
}

// Every file is read before anything is reported, so that all their problems come at once.
std::vector<eval::LabelSource> read_sources(const AgreementOptions& o) {
  const eval::ReadOptions read = read_options(o);
  std::vector<eval::SourceSpec> specs = {eval::parse_source_spec(o.reference, "--reference")};
  for (const std::string& judge : o.judges) {
    specs.push_back(eval::parse_source_spec(judge, "--judge"));
  }
  check_unique_names(specs);
  std::vector<eval::LabelSource> sources;
  std::vector<Diagnostic> problems;
  for (const eval::SourceSpec& spec : specs) {
    try {
      sources.push_back(eval::read_label_source(spec, read));
    } catch (const InputError& error) {
      problems.insert(problems.end(), error.diagnostics().begin(), error.diagnostics().end());
    }
  }
  if (!problems.empty()) throw InputError(problems);
  return sources;
}

void write_verdicts(const std::string& path, const eval::StudyResult& result) {
  io::AtomicFile file(path);
  for (const nlohmann::json& line : eval::study_verdict_lines(result)) {
    file.write_line(io::jsonl_line(line));
  }
  file.commit();
}

int run(const AgreementOptions& o) {
  eval::StudyOptions study;
  study.bootstrap = {o.resamples, o.seed};
  study.failures = o.failures == "tie" ? eval::FailurePolicy::tie : eval::FailurePolicy::exclude;
  study.jury_sizes = jury_sizes(o.jury, o.judges.size());
  study.drop_unlabeled = o.drop_unlabeled;
  const std::vector<eval::LabelSource> sources = read_sources(o);
  const eval::MatchedItems matched = eval::match_items(sources, o.by_position);
  const eval::StudyResult result = eval::run_study(sources, matched, study);
  fmt::print(stderr, "{}", eval::study_table(result, study));
  if (!o.report.empty())
    io::write_json_document(o.report, eval::study_json(result, study, o.paper_compat));
  if (!o.verdicts.empty()) write_verdicts(o.verdicts, result);
  return kExitOk;
}

}  // namespace

extern const Subcommand kAgreementCommand{
    "agreement", "Agreement of judges and juries with existing labels (kappa, bias), offline",
    bind_options<AgreementOptions, add_flags, run>};

}  // namespace pogen::cli
