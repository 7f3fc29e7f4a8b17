// The judging, selection, output and prices sections of a run config: what they set, and every
// problem reported word for word with its line.

#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "config/run_config.hpp"
#include "core/diagnostics.hpp"
#include "judge/parse/strategies.hpp"

using namespace pogen;
using namespace pogen::pipeline;

namespace {

const std::string kEndpoints = R"(endpoints:
  - {name: judge, base_url: fake, model: gpt-4o}
  - {name: second, base_url: fake, model: Llama-3.1-70B-Instruct}
)";

// Every diagnostic of a config that must not load, one per line.
std::string problems_of(const std::string& text) {
  try {
    parse_run_config(text, "run.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("the config loaded");
  return "";
}

}  // namespace

TEST_CASE("judging section: defaults and every field", "[config][judging]") {
  auto minimal =
      parse_run_config(kEndpoints + "judging:\n  judges: [{endpoint: judge}]\n", "r.yaml");
  REQUIRE(minimal.judging);
  const JudgingConfig& d = *minimal.judging;
  CHECK(d.strategy == JudgeStrategy::combined);
  CHECK(d.max_score == 10);
  CHECK(d.swap == SwapMode::both);
  CHECK(d.rank == RankMethod::round_robin);
  CHECK(d.aggregation == JuryAggregation::majority);
  CHECK(d.quorum == 1);
  CHECK_FALSE(d.debate);
  CHECK(d.self_judge.policy == SelfJudgePolicy::warn);
  for (const auto& row : strategy_rows()) {
    CHECK(d.templates.at(row.strategy).path ==
          std::string("builtin:judge-") + row.template_key + ".md");
  }
  CHECK(d.reask_template.path == "builtin:judge-reask.md");
  CHECK(minimal.template_hashes.contains("builtin:judge-combined.md"));

  auto full = parse_run_config(kEndpoints + R"(judging:
  strategy: comparison
  max_score: 5
  swap: random
  rank: tournament
  json_output: true
  judges:
    - {endpoint: judge, temperature: 0, max_tokens: 64, seed: 9}
    - {endpoint: second}
  quorum: 2
  self_judge: error
  model_families: [llama, phi]
)",
                               "r.yaml");
  const JudgingConfig& f = *full.judging;
  CHECK(f.strategy == JudgeStrategy::comparison);
  CHECK(f.max_score == 5);
  CHECK(f.swap == SwapMode::random);
  CHECK(f.rank == RankMethod::tournament);
  CHECK(f.json_output);
  REQUIRE(f.judges.size() == 2);
  CHECK(f.judges[0].sampling.max_tokens == 64);
  CHECK(f.judges[0].sampling.seed == 9);
  CHECK(f.judges[1].endpoint == "second");
  CHECK(f.quorum == 2);
  CHECK(f.self_judge.policy == SelfJudgePolicy::error);
  CHECK(f.self_judge.families == std::vector<std::string>{"llama", "phi"});
}

TEST_CASE("judging section: a debate with default roles speaks through its judge",
          "[config][judging]") {
  auto config = parse_run_config(kEndpoints + R"(judging:
  debate:
    rounds: 3
    aggregation: vote
    judge: {endpoint: second, temperature: 0.2}
)",
                                 "r.yaml");
  REQUIRE(config.judging->debate);
  const DebateConfig& debate = *config.judging->debate;
  CHECK(debate.rounds == 3);
  CHECK(debate.aggregation == DebateAggregation::vote);
  REQUIRE(debate.roles.size() == 3);
  CHECK(debate.roles[0].name == "General Public");
  CHECK(debate.roles[2].name == "Critic");
  CHECK(debate.roles[2].persona.rfind("You are a critic", 0) == 0);
  CHECK(debate.roles[1].judge.endpoint == "second");
  CHECK(debate.turn_template.path == "builtin:debate-turn.md");
  CHECK(debate.final_template.path == "builtin:debate-final.md");

  auto custom = parse_run_config(kEndpoints + R"(judging:
  debate:
    roles:
      - {name: Critic, judge: {endpoint: judge}}
      - {name: Lawyer, persona: builtin:debate-role-critic.md, judge: {endpoint: second}}
)",
                                 "r.yaml");
  const auto& roles = custom.judging->debate->roles;
  REQUIRE(roles.size() == 2);
  CHECK(roles[1].name == "Lawyer");
  CHECK(roles[1].judge.endpoint == "second");
}

TEST_CASE("judging section: problems are reported with file, line and field", "[config][judging]") {
  CHECK(problems_of(kEndpoints + R"(judging:
  strategy: pairwise
  swap: sometimes
  judges:
    - {endpoint: juge}
  self_judge: maybe
)") == "run.yaml:5: judging.strategy: unknown strategy \"pairwise\" (expected combined, "
       "independent or comparison)\n"
       "run.yaml:6: judging.swap: unknown swap mode \"sometimes\" (expected both, none or random)\n"
       "run.yaml:8: judging.judges[0].endpoint: unknown endpoint \"juge\" (did you mean "
       "\"judge\"?)\n"
       "run.yaml:9: judging.self_judge: unknown self_judge policy \"maybe\" (expected warn or "
       "error)");

  CHECK(problems_of(kEndpoints + "judging:\n  strategy: combined\n") ==
        "run.yaml:4: judging: missing required key \"judges\"");

  CHECK(problems_of(kEndpoints + R"(judging:
  max_score: 7
  judges: [{endpoint: judge}]
  quorum: 2
)") == "run.yaml:5: judging.max_score: must be 5, 10 or 100, got 7\n"
       "run.yaml:7: judging.quorum: must be between 1 and 1 (the judges), got 2");

  // The other rules that look at the whole section: each at the line of the key it names.
  CHECK(problems_of(kEndpoints + R"(judging:
  strategy: comparison
  judges: [{endpoint: judge}]
  aggregation: mean_score
)") == "run.yaml:7: judging.aggregation: mean_score needs scores, and the comparison strategy "
       "gives none");
  CHECK(problems_of(kEndpoints + R"(judging:
  rank: independent_scores
  debate:
    judge: {endpoint: judge}
  quorum: 4
)") == "run.yaml:5: judging.rank: independent_scores cannot be used with a debate\n"
       "run.yaml:8: judging.quorum: must be between 1 and 3 (the debate roles), got 4");

  CHECK(problems_of(kEndpoints + R"(judging:
  debate:
    roles:
      - {name: Lawyer, judge: {endpoint: judge}}
)") == "run.yaml:7: judging.debate.roles[0].persona: missing (a role other than General "
       "Public, Psychologist or Critic needs its persona: builtin:<file> or a file path)");
}

TEST_CASE("judging section: a rule about a nested field is reported at that field's line",
          "[config][judging]") {
  const std::string path = "/tmp/pogen-judging-line-test-" + std::to_string(::getpid()) + ".md";
  std::ofstream(path) << "Which answer is better? {{question}}\n";
  const std::string problems = problems_of(kEndpoints + R"(judging:
  judges:
    - {endpoint: judge}
    - {endpoint: second}
  templates:
    reask: builtin:judge-reask.md
    combined: )" + path + "\n");
  std::remove(path.c_str());
  CHECK(problems == "run.yaml:10: judging.templates.combined: " + path +
                        " does not use {{answer_a}}\n"
                        "run.yaml:10: judging.templates.combined: " +
                        path + " does not use {{answer_b}}");
}

TEST_CASE("selection, output and prices sections", "[config][selection]") {
  auto config = parse_run_config(kEndpoints + R"(selection:
  mode: best-vs-rest
  min_margin: 2
  max_pairs_per_prompt: 3
  kto: by-threshold
  kto_desirable_min: 8
  kto_undesirable_max: 3
output:
  format: standard
  kto: false
prices:
  judge: {input_per_million: 2.5, output_per_million: 10}
run:
  max_requests: 500
  max_cost: 1.5
)",
                                 "r.yaml");
  CHECK(config.selection.mode == PairMode::best_vs_rest);
  CHECK(config.selection.min_margin == 2);
  CHECK(config.selection.max_pairs_per_prompt == 3);
  CHECK(config.selection.kto == KtoLabeling::by_threshold);
  CHECK(config.selection.kto_desirable_min == 8);
  CHECK(config.output.format == RowFormat::standard);
  CHECK(config.output.dpo);
  CHECK_FALSE(config.output.kto);
  REQUIRE(config.prices.contains("judge"));
  CHECK(config.prices.at("judge").output_per_million == 10);
  CHECK(config.run.max_requests == 500);
  CHECK(config.run.max_cost == 1.5);

  auto defaults = parse_run_config(kEndpoints, "r.yaml");
  CHECK(defaults.selection.mode == PairMode::best_vs_worst);
  CHECK(defaults.selection.min_margin == 1.0);
  CHECK(defaults.output.format == RowFormat::conversational);
  CHECK_FALSE(defaults.run.max_requests);

  CHECK(problems_of(kEndpoints + R"(selection:
  mode: best-vs-all
  kto: by-threshold
  kto_desirable_min: 3
  kto_undesirable_max: 5
output:
  format: chatml
prices:
  jduge: {input_per_million: 1, output_per_million: 1}
  second: {input_per_million: -1}
)") == "run.yaml:5: selection.mode: unknown mode \"best-vs-all\" (expected best-vs-worst, "
       "best-vs-rest or all-pairs)\n"
       "run.yaml:8: selection: kto_desirable_min (3.0) must be greater than "
       "kto_undesirable_max (5.0)\n"
       "run.yaml:10: output.format: unknown format \"chatml\" (expected conversational or "
       "standard)\n"
       "run.yaml:12: prices.jduge: unknown endpoint \"jduge\" (did you mean \"judge\"?)\n"
       "run.yaml:13: prices.second.input_per_million: must be at least 0, got -1\n"
       "run.yaml:13: prices.second: missing required key \"output_per_million\"");
}

TEST_CASE("a misspelt choice gets the closest name as a suggestion", "[config][choices]") {
  CHECK(problems_of(kEndpoints + R"(judging:
  strategy: comparision
  swap: bothh
  judges: [{endpoint: judge}]
selection:
  mode: best_vs_worst
)") == "run.yaml:5: judging.strategy: unknown strategy \"comparision\" (expected combined, "
       "independent or comparison) (did you mean \"comparison\"?)\n"
       "run.yaml:6: judging.swap: unknown swap mode \"bothh\" (expected both, none or random) "
       "(did you mean \"both\"?)\n"
       "run.yaml:9: selection.mode: unknown mode \"best_vs_worst\" (expected best-vs-worst, "
       "best-vs-rest or all-pairs) (did you mean \"best-vs-worst\"?)");
}

TEST_CASE("every config choice reads back the name it is written with", "[config][choices]") {
  auto round_trips = [](const auto& table) {
    for (const auto& entry : table.entries) {
      INFO(entry.name);
      CHECK(pogen::parse_enum<decltype(entry.value)>(pogen::name_of(entry.value)) == entry.value);
    }
  };
  round_trips(kJudgeStrategyNames);
  round_trips(kSwapModeNames);
  round_trips(kRankMethodNames);
  round_trips(kJuryAggregationNames);
  round_trips(kDebateAggregationNames);
  round_trips(kSelfJudgePolicyNames);
  round_trips(kPairModeNames);
  round_trips(kKtoLabelingNames);
  round_trips(kRowFormatNames);
  round_trips(kGenerationStrategyNames);
  round_trips(pogen::io::kPromptFormatNames);
}

TEST_CASE("judging section: scores and top_logprobs", "[config][judging]") {
  auto defaults =
      parse_run_config(kEndpoints + "judging:\n  judges: [{endpoint: judge}]\n", "run.yaml");
  CHECK(defaults.judging->scores == ScoreReading::sampled);
  CHECK(defaults.judging->top_logprobs == 20);
  CHECK_FALSE(logprob_request(*defaults.judging));

  auto expected = parse_run_config(kEndpoints + R"(judging:
  judges: [{endpoint: judge}]
  scores: expected
  top_logprobs: 5
)",
                                   "run.yaml");
  CHECK(expected.judging->scores == ScoreReading::expected);
  CHECK(logprob_request(*expected.judging) == 5);

  CHECK(problems_of(kEndpoints + R"(judging:
  judges: [{endpoint: judge}]
  scores: expectd
  top_logprobs: 21
)") == "run.yaml:6: judging.scores: unknown score reading \"expectd\" (expected sampled or "
       "expected) "
       "(did you mean \"expected\"?)\n"
       "run.yaml:7: judging.top_logprobs: must be between 1 and 20, got 21");

  // A pick has no score to weigh; a debate's finals are scored whatever the strategy.
  CHECK(problems_of(kEndpoints + R"(judging:
  strategy: comparison
  judges: [{endpoint: judge}]
  scores: expected
)") == "run.yaml:7: judging.scores: expected needs scores, and the comparison strategy gives a "
       "pick (use sampled, or a scoring strategy)");
  auto debate = parse_run_config(kEndpoints + R"(judging:
  strategy: comparison
  scores: expected
  debate: {judge: {endpoint: judge}}
)",
                                 "run.yaml");
  CHECK(debate.judging->scores == ScoreReading::expected);
}
