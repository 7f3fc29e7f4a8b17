// judging.scores: expected through a judge call: the request asks for log-probabilities, the
// judgment keeps the sampled scores beside the expected ones (mapped back from BA), verdicts use
// the expected scores with their tie tolerance, and a reply without log-probabilities falls back.

#include <cctype>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "core/sync_wait.hpp"
#include "judge/call.hpp"
#include "judge/pair.hpp"
#include "judge_fixture.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using namespace pogen::testing;
using namespace pogen::testing::judging;

namespace {

using Alternatives = std::vector<std::pair<std::string, double>>;

// `text` as one token per byte, each sampled with probability 1, except that the k-th score
// (each digit that follows "\n" and starts a score line) gets `alternatives[k]`.
llm::ChatResponse with_logprobs(const std::string& text, const std::vector<Alternatives>& scores) {
  llm::ChatResponse response = text_response(text);
  std::vector<llm::TokenLogprob> tokens;
  std::size_t score = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    llm::TokenLogprob token{std::string(1, text[i]), std::nullopt, 0.0, {}};
    const bool starts_score = std::isdigit(static_cast<unsigned char>(text[i])) && i > 0 &&
                              text[i - 1] == '\n' && score < scores.size();
    if (starts_score) {
      for (const auto& [alt, p] : scores[score]) {
        token.top.push_back({alt, std::nullopt, std::log(p)});
        if (alt == token.token) token.logprob = std::log(p);
      }
      ++score;
    }
    tokens.push_back(std::move(token));
  }
  response.choices[0].logprobs = std::move(tokens);
  return response;
}

JudgingConfig expected_config(JudgeStrategy strategy = JudgeStrategy::combined) {
  auto config = make_config(strategy);
  config.scores = ScoreReading::expected;
  config.top_logprobs = 3;
  return config;
}

}  // namespace

TEST_CASE("expected scores: asked for, kept beside the sampled ones, mapped back from BA",
          "[judging][expected]") {
  auto config = expected_config();
  auto item = make_item({"Two.", "Seven."});
  // The judge writes 7 for its Assistant A and 6 for B; A's 7 is a coin toss between 7 and 3.
  ScriptedChat chat([](const RecordedCall&) -> llm::Outcome<llm::ChatResponse> {
    return with_logprobs(combined_reply(7, 6),
                         {{{"7", 0.5}, {"3", 0.5}}, {{"6", 0.9}, {"5", 0.1}}});
  });
  auto verdict = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));
  REQUIRE(chat.calls.size() == 2);
  CHECK(chat.calls[0].request.top_logprobs == 3);

  const Judgment& ab = verdict.judgments[0];
  CHECK(*ab.score_a == 7);
  CHECK(*ab.score_b == 6);
  CHECK(*ab.expected_score_a == Approx(5));
  CHECK(*ab.expected_score_b == Approx(5.9));
  CHECK(*ab.expected_mass_a == Approx(1));
  CHECK(ab.scores_used == ScoreReading::expected);
  CHECK(*ab.tie_tolerance == Approx(0.05));
  CHECK(ab.expected_unavailable.empty());
  // The sampled scores say A, the expected ones B: the verdict follows the expected ones.
  CHECK(judgment_verdict(ab) == metrics::Verdict::B);

  const Judgment& ba = verdict.judgments[1];  // the judge's Assistant A was candidate 1
  CHECK(*ba.score_a == 6);
  CHECK(*ba.score_b == 7);
  CHECK(*ba.expected_score_a == Approx(5.9));
  CHECK(*ba.expected_score_b == Approx(5));
  CHECK(judgment_verdict(ba) == metrics::Verdict::A);

  // AB says B, BA says A (candidate 0): the orders disagree, as the expected scores do.
  CHECK(verdict.orders_disagree);
  CHECK(*verdict.score_a == Approx(5.45));
  CHECK(*verdict.score_b == Approx(5.45));

  auto json = to_json(ab);
  CHECK(json["expected_score_a"] == Approx(5));
  CHECK(json["scores_used"] == "expected");
  CHECK(json["tie_tolerance"] == Approx(0.05));
  CHECK_FALSE(json.contains("expected_unavailable"));
}

TEST_CASE("expected scores within the tolerance are a tie", "[judging][expected]") {
  auto config = expected_config();
  config.swap = SwapMode::none;
  auto item = make_item({"Two.", "Seven."});
  // 6 + 0.04 against 6: different sampled scores would not be needed for a tie, equal ones not
  // for a strict comparison; the expected gap of 0.04 is under 0.05.
  ScriptedChat chat([](const RecordedCall&) -> llm::Outcome<llm::ChatResponse> {
    return with_logprobs(combined_reply(6, 6), {{{"6", 0.96}, {"7", 0.04}}, {{"6", 1.0}}});
  });
  auto verdict = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));
  const Judgment& ab = verdict.judgments[0];
  CHECK(*ab.expected_score_a == Approx(6.04));
  CHECK(verdict.verdict == metrics::Verdict::tie);
  CHECK(verdict_from_scores_within(6.06, 6.0, 0.05) == metrics::Verdict::A);
  CHECK(verdict_from_scores_within(6.05, 6.0, 0.05) == metrics::Verdict::tie);
}

TEST_CASE("a reply without log-probabilities falls back to the sampled scores with its reason",
          "[judging][expected]") {
  auto config = expected_config();
  config.swap = SwapMode::none;
  auto item = make_item({"Two.", "Seven."});
  ScriptedChat chat(scoring_judge({{"Two.", 8}, {"Seven.", 3}}));
  auto verdict = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));
  const Judgment& ab = verdict.judgments[0];
  CHECK(ab.scores_used == ScoreReading::sampled);
  CHECK(ab.expected_unavailable == "the server returned no log-probabilities");
  CHECK_FALSE(ab.expected_score_a);
  CHECK_FALSE(ab.tie_tolerance);
  CHECK(verdict.verdict == metrics::Verdict::A);
  auto json = to_json(ab);
  CHECK(json["expected_unavailable"] == "the server returned no log-probabilities");
  CHECK(json["scores_used"] == "sampled");
  CHECK_FALSE(json.contains("expected_score_a"));
}

TEST_CASE("sampled scores (the default) ask for no log-probabilities and record nothing more",
          "[judging][expected]") {
  auto config = make_config();
  config.swap = SwapMode::none;
  auto item = make_item({"Two.", "Seven."});
  ScriptedChat chat([](const RecordedCall&) -> llm::Outcome<llm::ChatResponse> {
    return with_logprobs(combined_reply(7, 6), {{{"7", 0.5}, {"3", 0.5}}, {{"6", 1.0}}});
  });
  auto verdict = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));
  CHECK_FALSE(chat.calls[0].request.top_logprobs);
  const Judgment& ab = verdict.judgments[0];
  CHECK_FALSE(ab.scores_used);
  CHECK_FALSE(ab.expected_score_a);
  CHECK(verdict.verdict == metrics::Verdict::A);
}

TEST_CASE("independent expected scores decide the pair when both candidates have one",
          "[judging][expected]") {
  auto config = expected_config(JudgeStrategy::independent);
  auto item = make_item({"Two.", "Seven."});
  ScriptedChat chat([](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
    const bool two = call.request.messages[0].content.find("Two.") != std::string::npos;
    if (two) return with_logprobs(independent_reply(8), {{{"8", 0.5}, {"2", 0.5}}});
    return with_logprobs(independent_reply(6), {{{"6", 1.0}}});
  });
  Judgment of_two = sync_wait(judge_candidate_alone(chat, config, config.judges[0], item, 0));
  Judgment of_seven = sync_wait(judge_candidate_alone(chat, config, config.judges[0], item, 1));
  CHECK(*of_two.score == 8);
  CHECK(*of_two.expected_score == Approx(5));
  CHECK(*of_two.expected_mass == Approx(1));
  auto pair = pair_from_scores(0, 1, "judge-1", of_two, of_seven);
  CHECK(pair.verdict == metrics::Verdict::B);
  CHECK(pair.reason == "independent scores (expected)");
  CHECK(*pair.score_a == Approx(5));

  // One candidate without an expected score: both sampled.
  Judgment sampled_two = of_two;
  sampled_two.scores_used = ScoreReading::sampled;
  auto mixed = pair_from_scores(0, 1, "judge-1", sampled_two, of_seven);
  CHECK(mixed.verdict == metrics::Verdict::A);
  CHECK(mixed.reason == "independent scores (sampled: one candidate has no expected score)");
}
