// LLM debate: rounds of utterances that see the discussion so far, then final scores.

#include <catch2/catch.hpp>

#include "core/sync_wait.hpp"
#include "judge/debate.hpp"
#include "judge/rank.hpp"
#include "judge_fixture.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using namespace pogen::testing;
using namespace pogen::testing::judging;
using metrics::Verdict;

namespace {

JudgingConfig debate_config(int rounds = 2) {
  auto config = make_config();
  config.judges.clear();
  DebateConfig debate;
  debate.rounds = rounds;
  debate.roles = {{"Reader", "You read.", {"d1", {}}},
                  {"Doctor", "You heal.", {"d2", {}}},
                  {"Critic", "You doubt.", {"d3", {}}}};
  debate.turn_template = parse_template(
      "turn.md",
      "{{persona}} ({{role}}, round {{round}} of {{rounds}})\nQ: {{question}}\n[A]\n{{answer_a}}"
      "\n[B]\n{{answer_b}}\n[T]\n{{transcript}}",
      debate_turn_placeholders());
  debate.final_template = parse_template(
      "final.md",
      "{{persona}} ({{role}}, final)\nQ: {{question}}\n[A]\n{{answer_a}}\n[B]\n{{answer_b}}\n[T]"
      "\n{{transcript}}\nScore out of {{max_score}}.",
      debate_final_placeholders());
  config.debate = debate;
  return config;
}

std::string transcript_seen(const RecordedCall& call) {
  return delimited_text(call.request.messages.front().content, "transcript").value_or("");
}

// Speakers say who they are; final scores come from a table per endpoint.
ScriptedChat::Responder debaters(std::map<std::string, std::pair<double, double>> finals) {
  return [finals = std::move(finals)](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
    if (call.context.role == "debate") {
      return text_response(call.endpoint + " in round " + std::to_string(call.context.iteration));
    }
    auto [a, b] = finals.at(call.endpoint);
    return text_response(combined_reply(a, b));
  };
}

const std::string kNobody = "(Nobody has spoken yet: you open the discussion.)";

}  // namespace

TEST_CASE("a debate of 3 roles over 2 rounds: 9 calls, each seeing the discussion so far",
          "[judging]") {
  auto config = debate_config();
  auto item = make_item({"Two.", "Seven."});
  ScriptedChat chat(debaters({{"d1", {8, 6}}, {"d2", {7, 7}}, {"d3", {6, 4}}}));
  auto ranking = sync_wait(rank_candidates(chat, config, item));
  REQUIRE(chat.calls.size() == 9);

  std::vector<std::string> endpoints;
  for (const auto& call : chat.calls) endpoints.push_back(call.endpoint);
  CHECK(endpoints ==
        std::vector<std::string>{"d1", "d2", "d3", "d1", "d2", "d3", "d1", "d2", "d3"});
  CHECK(masked(chat.calls[0].request.messages.front().content) ==
        std::string("You read. (Reader, round 1 of 2)\nQ: ") + block("question", "Name a prime.") +
            "\n[A]\n" + block("answer_a", "Two.") + "\n[B]\n" + block("answer_b", "Seven.") +
            "\n[T]\n" + block("transcript", kNobody));
  CHECK(chat.calls[0].context.role == "debate");
  CHECK(chat.calls[0].context.iteration == 1);
  CHECK(chat.calls[0].context.sample == 0);
  CHECK(chat.calls[4].context.iteration == 2);
  CHECK(chat.calls[4].context.sample == 1);
  CHECK(transcript_seen(chat.calls[1]) == "Round 1, Reader:\nd1 in round 1");
  CHECK(transcript_seen(chat.calls[3]) ==
        "Round 1, Reader:\nd1 in round 1\n\nRound 1, Doctor:\nd2 in round 1\n\nRound 1, "
        "Critic:\nd3 in round 1");
  const std::string everything =
      "Round 1, Reader:\nd1 in round 1\n\nRound 1, Doctor:\nd2 in round 1\n\nRound 1, "
      "Critic:\nd3 in round 1\n\nRound 2, Reader:\nd1 in round 2\n\nRound 2, Doctor:\nd2 in "
      "round 2\n\nRound 2, Critic:\nd3 in round 2";
  for (std::size_t i = 6; i < 9; ++i) {
    CHECK(chat.calls[i].context.role == "debate-final");
    CHECK(transcript_seen(chat.calls[i]) == everything);
  }
  CHECK(chat.calls[8].request.messages.front().content.rfind("You doubt. (Critic, final)", 0) == 0);

  REQUIRE(ranking.pairs.size() == 1);
  const auto& pair = ranking.pairs[0];
  CHECK(pair.verdict == Verdict::A);
  CHECK(pair.reason == "mean score of 3 debaters: 7 vs 5.66667");
  REQUIRE(pair.debate);
  CHECK(pair.debate->rounds == 2);
  REQUIRE(pair.debate->transcript.size() == 6);
  CHECK(pair.debate->transcript[4].role == "Doctor");
  CHECK(pair.debate->transcript[4].round == 2);
  CHECK(*pair.debate->transcript[4].text == "d2 in round 2");
  REQUIRE(pair.debate->finals.size() == 3);
  CHECK(pair.debate->finals[2].role == "Critic");
  CHECK(pair.debate->finals[2].order == "AB");
  CHECK(*pair.debate->finals[2].score_b == 4);
  CHECK(ranking.best == 0);
  CHECK(ranking.worst == 1);
  CHECK_FALSE(ranking.agreement);
  auto json = to_json(pair);
  CHECK(json["debate"]["transcript"].size() == 6);
  CHECK(json["debate"]["finals"][0]["role"] == "Reader");
  CHECK(json["debate"]["aggregation"] == "mean_score");
}

TEST_CASE("debate call counts: rounds * roles + roles, plus follow-ups", "[judging]") {
  auto item = make_item({"Two.", "Seven."});
  SECTION("one round") {
    auto config = debate_config(1);
    ScriptedChat chat(debaters({{"d1", {8, 6}}, {"d2", {7, 7}}, {"d3", {6, 4}}}));
    sync_wait(rank_candidates(chat, config, item));
    CHECK(chat.calls.size() == 6);
  }
  SECTION("an unreadable final gets a follow-up") {
    auto config = debate_config(2);
    auto base = debaters({{"d1", {8, 6}}, {"d2", {7, 7}}, {"d3", {6, 4}}});
    ScriptedChat chat([&](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
      if (call.endpoint == "d2" && call.context.role != "debate") {
        return text_response("They are equally fine.");
      }
      return base(call);
    });
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    REQUIRE(chat.calls.size() == 10);
    // The finals run concurrently; with immediate answers d2's follow-up comes right after it.
    CHECK(chat.calls[8].endpoint == "d2");
    CHECK(chat.calls[8].context.role == "debate-final-reask");
    CHECK(chat.calls[8].request.messages.size() == 3);
    CHECK(chat.calls[8].request.messages[1].content == "They are equally fine.");
    CHECK(*ranking.pairs[0].debate->finals[1].reask_raw == "They are equally fine.");
    const auto& finals = ranking.pairs[0].debate->finals;
    CHECK(finals[1].status == JudgmentStatus::parse_failed);
    CHECK_FALSE(finals[1].score_a);
    CHECK(ranking.pairs[0].reason == "mean score of 2 debaters: 7 vs 5");
  }
}

TEST_CASE("a failed utterance is recorded and left out of what the others see", "[judging]") {
  auto config = debate_config(1);
  auto item = make_item({"Two.", "Seven."});
  auto base = debaters({{"d1", {8, 6}}, {"d2", {7, 7}}, {"d3", {6, 4}}});
  ScriptedChat chat([&](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
    if (call.endpoint == "d1" && call.context.role == "debate") {
      return llm::Failure{llm::FailureKind::timeout, 0, "no answer in 60 s", 9};
    }
    return base(call);
  });
  auto ranking = sync_wait(rank_candidates(chat, config, item));
  CHECK(transcript_seen(chat.calls[1]) == kNobody);
  CHECK(transcript_seen(chat.calls[2]) == "Round 1, Doctor:\nd2 in round 1");
  const auto& first = ranking.pairs[0].debate->transcript[0];
  CHECK(first.status == JudgmentStatus::transport_error);
  CHECK(first.problem == "timeout: no answer in 60 s");
  CHECK_FALSE(first.text);
}

TEST_CASE("debate verdict by vote, and the quorum of debaters", "[judging]") {
  auto item = make_item({"Two.", "Seven."});
  SECTION("vote") {
    auto config = debate_config(1);
    config.debate->aggregation = DebateAggregation::vote;
    ScriptedChat chat(debaters({{"d1", {8, 6}}, {"d2", {7, 7}}, {"d3", {2, 9}}}));
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK(ranking.pairs[0].verdict == Verdict::tie);
    CHECK(ranking.pairs[0].reason ==
          "majority vote of 3 debaters: A 1, B 1, tie 1; the most common verdicts tie, so tie");
  }
  SECTION("quorum") {
    auto config = debate_config(1);
    config.quorum = 3;
    auto base = debaters({{"d1", {8, 6}}, {"d2", {7, 7}}, {"d3", {6, 4}}});
    ScriptedChat chat([&](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
      if (call.endpoint == "d3" && call.context.role == "debate-final") {
        return text_response("x", "m", "length");
      }
      return base(call);
    });
    auto ranking = sync_wait(rank_candidates(chat, config, item));
    CHECK_FALSE(ranking.pairs[0].verdict);
    CHECK(ranking.pairs[0].reason ==
          "quorum not met: 2 of 3 debaters gave usable scores, 3 needed");
  }
}

TEST_CASE("rendering the transcript", "[judging]") {
  std::vector<DebateUtterance> transcript(2);
  transcript[0] = {1,  "Critic", "d3", "m", "<think>hmm</think>\nA is wrong.", JudgmentStatus::ok,
                   "", {}};
  transcript[1] = {1, "Doctor", "d2", "m", std::nullopt, JudgmentStatus::refused, "x", {}};
  CHECK(render_transcript(transcript) == "Round 1, Critic:\nA is wrong.");
  CHECK(render_transcript({}) == kNobody);
}

TEST_CASE("the shipped debate prompts", "[judging]") {
  const std::string dir = std::string(POGEN_SOURCE_DIR) + "/prompts";
  auto roles = default_debate_roles(dir, {"judge", {}});
  REQUIRE(roles.size() == 3);
  CHECK(roles[0].name == "General Public");
  CHECK(roles[1].name == "Psychologist");
  CHECK(roles[2].name == "Critic");
  for (const auto& role : roles) {
    CHECK_FALSE(role.persona.empty());
    CHECK(role.persona.back() != '\n');
    CHECK(role.judge.endpoint == "judge");
  }
  auto config = make_config();
  config.judges.clear();
  DebateConfig debate;
  debate.roles = roles;
  debate.turn_template = load_template(dir + "/debate-turn.md", debate_turn_placeholders());
  debate.final_template = load_template(dir + "/debate-final.md", debate_final_placeholders());
  config.debate = debate;
  CHECK(judging_config_problems(config).empty());
  CHECK_THROWS_AS(default_debate_roles("/nonexistent", {"judge", {}}), InputError);
}

TEST_CASE("debate turns are taken one at a time; the final scores are asked at once", "[judging]") {
  auto config = debate_config();
  auto item = make_item({"Two.", "Seven."});
  ScriptedChat chat(debaters({{"d1", {8, 6}}, {"d2", {7, 7}}, {"d3", {6, 4}}}));
  chat.set_deferred(true);
  std::optional<Ranking> result;
  TaskScope scope;
  scope.spawn([](ScriptedChat& c, const JudgingConfig& cfg, const JudgeItem& it,
                 std::optional<Ranking>& out) -> Task<void> {
    out = co_await rank_candidates(c, cfg, it);
  }(chat, config, item, result));
  for (std::size_t i = 0; i < 6; ++i) {
    REQUIRE(chat.pending_calls() == std::vector<std::size_t>{i});
    chat.complete(i);
  }
  REQUIRE(chat.pending_calls() == std::vector<std::size_t>{6, 7, 8});
  chat.complete(8);
  chat.complete(6);
  CHECK_FALSE(result);
  chat.complete(7);
  scope.rethrow_first_error();
  REQUIRE(result);
  CHECK(result->pairs[0].debate->finals[2].role == "Critic");
  CHECK(result->pairs[0].verdict == Verdict::A);
}
