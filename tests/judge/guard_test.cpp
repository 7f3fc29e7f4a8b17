// The self-judging guard, config checks, refusal phrases and record serialisation.

#include <catch2/catch.hpp>

#include "judge/parse/strategies.hpp"
#include "judge/record.hpp"
#include "judge/refusal.hpp"
#include "judge/self_bias.hpp"
#include "judge_fixture.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using namespace pogen::testing::judging;

namespace {

std::vector<std::string> messages_of(const std::vector<Diagnostic>& problems) {
  std::vector<std::string> out;
  for (const auto& d : problems) out.push_back(format_diagnostic(d));
  return out;
}

}  // namespace

TEST_CASE("self-judging: same model or same family, case-insensitive", "[judging]") {
  const auto families = default_model_families();
  CHECK(families == std::vector<std::string>{"llama", "gemma", "gpt", "qwen", "mistral", "claude"});
  CHECK(same_family("gpt-4o", "gpt-4o", families));
  CHECK(same_family("Llama-3.3-70B-Instruct", "meta-llama/llama-3.1-8b-instruct", families));
  CHECK(shared_family("Qwen2.5-72B", "qwen2-7b", families) == "qwen");
  CHECK_FALSE(same_family("gpt-4o", "gemma-2-9b-it", families));
  CHECK(same_family("my-model", "my-model", {}));
  CHECK_FALSE(same_family("phi-3-mini", "phi-3-medium", families));
  CHECK(same_family("phi-3-mini", "Phi-3-medium", {"phi"}));

  auto clashes = check_self_judging(
      {"gpt-4o", "Llama-3.1-70B-Instruct", "claude-3-5-sonnet"},
      {"meta-llama/Llama-3.1-8B-Instruct", "gemma-2-9b-it", "gpt-4o", "Llama-3.2-3B"}, families);
  REQUIRE(clashes.size() == 3);
  CHECK(clashes[0] == SelfJudgeClash{"gpt-4o", "gpt-4o", ""});
  CHECK(clashes[1] ==
        SelfJudgeClash{"Llama-3.1-70B-Instruct", "meta-llama/Llama-3.1-8B-Instruct", "llama"});
  CHECK(clashes[2] == SelfJudgeClash{"Llama-3.1-70B-Instruct", "Llama-3.2-3B", "llama"});
  CHECK(describe(clashes[0]) == "judge model \"gpt-4o\" also generates candidates");
  CHECK(describe(clashes[1]) ==
        "judge model \"Llama-3.1-70B-Instruct\" shares family \"llama\" with generator model "
        "\"meta-llama/Llama-3.1-8B-Instruct\"");
  CHECK(check_self_judging({"gpt-4o", "gpt-4o"}, {"gpt-4o"}, families).size() == 1);
  CHECK(check_self_judging({"claude-3-5-sonnet"}, {"gemma-2-9b-it"}, families).empty());
}

TEST_CASE("config problems, word for word", "[judging]") {
  SECTION("a good config has none") {
    CHECK(judging_config_problems(make_config()).empty());
    CHECK(judging_config_problems(make_config(JudgeStrategy::independent, 3)).empty());
  }
  SECTION("bad values") {
    auto config = make_config(JudgeStrategy::comparison, 2);
    config.max_score = 7;
    config.quorum = 3;
    config.aggregation = JuryAggregation::mean_score;
    config.judges[1].endpoint.clear();
    CHECK(messages_of(judging_config_problems(config)) ==
          std::vector<std::string>{
              "judging.max_score: must be 5, 10 or 100, got 7",
              "judging.aggregation: mean_score needs scores, and the comparison strategy gives "
              "none",
              "judging.quorum: must be between 1 and 2 (the judges), got 3",
              "judging.judges[1].endpoint: is required"});
  }
  SECTION("no judge, no template") {
    JudgingConfig config;
    config.quorum = 0;
    CHECK(messages_of(judging_config_problems(config)) ==
          std::vector<std::string>{"judging.quorum: must be at least 1, got 0",
                                   "judging.judges: at least one judge is required",
                                   "judging.templates.combined: no template loaded",
                                   "judging.templates.reask: no template loaded"});
  }
  SECTION("a template without a slot the strategy needs") {
    auto config = make_config();
    config.templates[JudgeStrategy::combined] =
        parse_template("mine.md", "{{question}} {{answer_a}}", judge_template_placeholders());
    CHECK(
        messages_of(judging_config_problems(config)) ==
        std::vector<std::string>{"judging.templates.combined: mine.md does not use {{answer_b}}"});
  }
  SECTION("ranked by independent scores, the independent template is the one checked") {
    auto config = make_config(JudgeStrategy::comparison);
    config.rank = RankMethod::independent_scores;
    config.templates[JudgeStrategy::independent] =
        parse_template("mine.md", "{{question}}", judge_template_placeholders());
    CHECK(
        messages_of(judging_config_problems(config)) ==
        std::vector<std::string>{"judging.templates.independent: mine.md does not use {{answer}}"});
  }
  SECTION("debate") {
    auto config = make_config();
    config.rank = RankMethod::independent_scores;
    config.debate = DebateConfig{};
    config.debate->rounds = 0;
    config.debate->turn_template = parse_template(
        "turn.md", "{{persona}} {{question}} {{answer_a}} {{answer_b}} {{transcript}}",
        debate_turn_placeholders());
    config.debate->final_template = config.debate->turn_template;
    CHECK(
        messages_of(judging_config_problems(config)) ==
        std::vector<std::string>{"judging.debate.rounds: must be at least 1, got 0",
                                 "judging.debate.roles: at least one role is required",
                                 "judging.rank: independent_scores cannot be used with a debate"});
  }
}

TEST_CASE("the shipped judge templates fit the judging placeholders", "[judging]") {
  const std::string dir = std::string(POGEN_SOURCE_DIR) + "/prompts/";
  JudgingConfig config;
  config.judges = {{"judge", {}}};
  for (const auto& row : strategy_rows()) {
    config.templates[row.strategy] =
        load_template(dir + "judge-" + row.template_key + ".md", judge_template_placeholders());
  }
  config.reask_template = load_template(dir + "judge-reask.md", reask_template_placeholders());
  for (const auto& row : strategy_rows()) {
    config.strategy = row.strategy;
    CHECK(judging_config_problems(config).empty());
  }
}

TEST_CASE("enum names round-trip", "[judging]") {
  for (auto mode : {SwapMode::both, SwapMode::none, SwapMode::random}) {
    CHECK(parse_enum<SwapMode>(name_of(mode)) == mode);
  }
  for (auto method :
       {RankMethod::round_robin, RankMethod::tournament, RankMethod::independent_scores}) {
    CHECK(parse_enum<RankMethod>(name_of(method)) == method);
  }
  CHECK(parse_enum<JuryAggregation>("mean_score") == JuryAggregation::mean_score);
  CHECK(parse_enum<DebateAggregation>("vote") == DebateAggregation::vote);
  CHECK(parse_enum<SelfJudgePolicy>("error") == SelfJudgePolicy::error);
  CHECK_FALSE(parse_enum<SwapMode>("Both"));
  CHECK(std::string(name_of(JudgmentStatus::transport_error)) == "transport_error");
}

TEST_CASE("refusals: listed phrases near the start only", "[judging]") {
  CHECK(find_refusal("I cannot evaluate these answers.") == "i cannot evaluate");
  CHECK(find_refusal("<think>I can't help with this? Let me see.</think>Hmm, both are fine.") ==
        std::nullopt);
  CHECK(find_refusal("I AM UNABLE TO EVALUATE this.") == "i am unable to evaluate");
  CHECK(find_refusal(std::string(250, 'x') + " I cannot evaluate") == std::nullopt);
  CHECK(find_refusal("Assistant A can't help with taxes, B can.") == std::nullopt);
  CHECK(find_refusal("The taxi can't help with that.") == std::nullopt);
}

TEST_CASE("a failed judgment serialises without any score field", "[judging]") {
  Judgment j;
  j.judge = "judge-1";
  j.model = "m";
  j.order = "AB";
  j.candidates = {0, 1};
  j.raw = "unreadable";
  j.reask_raw = "still unreadable";
  j.status = JudgmentStatus::parse_failed;
  j.problem = "no score for Assistant A found";
  j.usage = {10, 5, 15};
  auto json = to_json(j);
  CHECK(json == nlohmann::json::parse(R"({
    "judge": "judge-1", "model": "m", "strategy": "combined", "order": "AB",
    "candidates": [0, 1], "raw": "unreadable", "reask_raw": "still unreadable",
    "status": "parse_failed", "problem": "no score for Assistant A found",
    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    "self_judged": false})"));
}
