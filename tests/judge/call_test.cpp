// One judge, one prompt: the exact request, mapping BA back, statuses, and the follow-up turn.

#include <catch2/catch.hpp>

#include "core/sync_wait.hpp"
#include "judge/call.hpp"
#include "judge/pair.hpp"
#include "judge/parse/parse.hpp"
#include "judge_fixture.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using namespace pogen::testing;
using namespace pogen::testing::judging;

namespace {

Judgment judge_once(ScriptedChat& chat, const JudgingConfig& config, const JudgeItem& item,
                    bool swapped = false) {
  return sync_wait(judge_pair_order(chat, config, config.judges[0], item, 0, 1, swapped));
}

void require_no_scores(const Judgment& j) {
  CHECK_FALSE(j.score_a);
  CHECK_FALSE(j.score_b);
  CHECK_FALSE(j.score);
  CHECK_FALSE(j.pick);
  auto json = to_json(j);
  CHECK_FALSE(json.contains("score_a"));
  CHECK_FALSE(json.contains("score_b"));
  CHECK_FALSE(json.contains("score"));
  CHECK_FALSE(json.contains("pick"));
}

}  // namespace

TEST_CASE("in BA the judge sees the answers swapped, and its scores are mapped back", "[judging]") {
  auto config = make_config();
  auto item = make_item({"Two.", "Seven."});
  ScriptedChat chat(scoring_judge({{"Two.", 6}, {"Seven.", 9}}));
  auto verdict = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));

  REQUIRE(chat.calls.size() == 2);
  CHECK(chat.calls[0].endpoint == "judge-1");
  REQUIRE(chat.calls[0].request.messages.size() == 1);
  CHECK(chat.calls[0].request.messages[0].role == llm::Role::user);
  CHECK(masked(chat.calls[0].request.messages[0].content) ==
        "Q: " + block("question", "Name a prime.") + "\n[A]\n" + block("answer_a", "Two.") +
            "\n[B]\n" + block("answer_b", "Seven.") + "\nScore out of 10.");
  CHECK(masked(chat.calls[1].request.messages[0].content) ==
        "Q: " + block("question", "Name a prime.") + "\n[A]\n" + block("answer_a", "Seven.") +
            "\n[B]\n" + block("answer_b", "Two.") + "\nScore out of 10.");
  CHECK(chat.calls[0].context.item_id == "item-1");
  CHECK(chat.calls[0].context.role == "judge");
  CHECK_FALSE(chat.calls[0].request.response_format);

  REQUIRE(verdict.judgments.size() == 2);
  const auto& ab = verdict.judgments[0];
  const auto& ba = verdict.judgments[1];
  CHECK(ab.order == "AB");
  CHECK(ba.order == "BA");
  CHECK(ab.candidates == std::vector<int>{0, 1});
  CHECK(ba.candidates == std::vector<int>{0, 1});
  CHECK(*ab.score_a == 6);
  CHECK(*ab.score_b == 9);
  CHECK(*ba.score_a == 6);  // the judge wrote 9 for its Assistant A, which was candidate 1
  CHECK(*ba.score_b == 9);
  CHECK(*ba.raw == combined_reply(9, 6));
  CHECK(ab.judge == "judge-1");
  CHECK(ab.model == "judge-1-model");
  CHECK(ab.status == JudgmentStatus::ok);
  CHECK(ab.problem.empty());
  CHECK(ab.usage.total_tokens == 15);

  CHECK(verdict.verdict == metrics::Verdict::B);
  CHECK_FALSE(verdict.orders_disagree);
  CHECK(verdict.reason == "both orders agree");
  CHECK(*verdict.score_a == 6);
  CHECK(*verdict.score_b == 9);
  CHECK(verdict.judge == "judge-1");
}

TEST_CASE("a judge that always favours Assistant A gets a tie with orders_disagree", "[judging]") {
  auto config = make_config();
  auto item = make_item({"Two.", "Seven."});
  ScriptedChat chat([](const RecordedCall&) { return text_response(combined_reply(8, 5)); });
  auto verdict = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));
  REQUIRE(verdict.judgments.size() == 2);
  CHECK(*verdict.judgments[1].score_a == 5);
  CHECK(*verdict.judgments[1].score_b == 8);
  CHECK(verdict.verdict == metrics::Verdict::tie);
  CHECK(verdict.orders_disagree);
  CHECK(verdict.reason == "orders disagree (AB: A, BA: B), so tie");
  CHECK(*verdict.score_a == 6.5);
  CHECK(*verdict.score_b == 6.5);
}

TEST_CASE("comparison picks are mapped back from BA", "[judging]") {
  auto config = make_config(JudgeStrategy::comparison);
  auto item = make_item({"Two.", "Seven."});
  SECTION("a judge that prefers the answer Seven. wherever it is") {
    ScriptedChat chat([](const RecordedCall& call) {
      return text_response(shown(call, 'A') == "Seven." ? "[[A]]" : "[[B]]");
    });
    auto verdict = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));
    CHECK(masked(chat.calls[1].request.messages[0].content) ==
          "Q: " + block("question", "Name a prime.") + "\n[A]\n" + block("answer_a", "Seven.") +
              "\n[B]\n" + block("answer_b", "Two.") + "\nPick one.");
    CHECK(verdict.judgments[0].pick == Pick::b);
    CHECK(verdict.judgments[1].pick == Pick::b);
    CHECK(*verdict.judgments[1].raw == "[[A]]");
    CHECK(verdict.verdict == metrics::Verdict::B);
    CHECK_FALSE(verdict.score_a);
  }
  SECTION("a judge that always says A") {
    ScriptedChat chat([](const RecordedCall&) { return text_response("[[A]]"); });
    auto verdict = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));
    CHECK(verdict.judgments[1].pick == Pick::b);
    CHECK(verdict.verdict == metrics::Verdict::tie);
    CHECK(verdict.orders_disagree);
  }
  SECTION("tie stays tie") {
    ScriptedChat chat([](const RecordedCall&) { return text_response("[[C]]"); });
    auto verdict = sync_wait(judge_pair(chat, config, config.judges[0], item, 0, 1));
    CHECK(verdict.judgments[1].pick == Pick::tie);
    CHECK(verdict.verdict == metrics::Verdict::tie);
    CHECK_FALSE(verdict.orders_disagree);
  }
}

TEST_CASE("failed calls get a status, a problem and no score", "[judging]") {
  auto config = make_config();
  auto item = make_item({"Two.", "Seven."});
  SECTION("transport failure") {
    ScriptedChat chat([](const RecordedCall&) -> llm::Outcome<llm::ChatResponse> {
      return llm::Failure{llm::FailureKind::server_error, 500, "upstream exploded", 9};
    });
    auto j = judge_once(chat, config, item);
    CHECK(chat.calls.size() == 1);
    CHECK(j.status == JudgmentStatus::transport_error);
    CHECK(j.problem == "server_error (HTTP 500): upstream exploded");
    CHECK_FALSE(j.raw);
    CHECK_FALSE(to_json(j).contains("raw"));
    CHECK(to_json(j)["status"] == "transport_error");
    require_no_scores(j);
  }
  SECTION("a reply cut at max_tokens is truncated, its text kept, and not re-asked") {
    ScriptedChat chat([](const RecordedCall&) {
      return text_response("### Score Assistant A:\n7/10\n### Score Assi", "m", "length");
    });
    auto j = judge_once(chat, config, item);
    CHECK(chat.calls.size() == 1);
    CHECK(j.status == JudgmentStatus::truncated);
    CHECK(j.problem == "truncated: the answer hit max_tokens");
    CHECK(*j.raw == "### Score Assistant A:\n7/10\n### Score Assi");
    require_no_scores(j);
  }
  SECTION("a content filter is a refusal") {
    ScriptedChat chat([](const RecordedCall&) { return text_response("", "m", "content_filter"); });
    auto j = judge_once(chat, config, item);
    CHECK(j.status == JudgmentStatus::refused);
    CHECK(j.problem == "content_filter: the answer was stopped by a content filter");
    require_no_scores(j);
  }
  SECTION("an empty reply gives no text to read") {
    ScriptedChat chat([](const RecordedCall&) { return text_response("  \n"); });
    auto j = judge_once(chat, config, item);
    CHECK(chat.calls.size() == 1);
    CHECK(j.status == JudgmentStatus::transport_error);
    CHECK(j.problem == "empty: content is empty");
    require_no_scores(j);
  }
  SECTION("an obvious refusal is refused, without a follow-up") {
    ScriptedChat chat([](const RecordedCall&) {
      return text_response("I\xE2\x80\x99m sorry, but I can\xE2\x80\x99t help with rating these.");
    });
    auto j = judge_once(chat, config, item);
    CHECK(chat.calls.size() == 1);
    CHECK(j.status == JudgmentStatus::refused);
    CHECK(j.problem == "the judge refused (\"i can't help with\")");
    CHECK_FALSE(j.reask_raw);
    require_no_scores(j);
  }
  SECTION("a refusal phrase in a reply that parses is not a refusal") {
    ScriptedChat chat([](const RecordedCall&) {
      return text_response("I cannot evaluate the style, only the content.\n" +
                           combined_reply(7, 5));
    });
    auto j = judge_once(chat, config, item);
    CHECK(j.status == JudgmentStatus::ok);
    CHECK(*j.score_a == 7);
  }
}

TEST_CASE("an unreadable reply gets one follow-up turn in the same conversation", "[judging]") {
  auto config = make_config();
  config.swap = SwapMode::none;
  auto item = make_item({"Two.", "Seven."});
  const std::string first = "A is better, clearly.";
  const std::string prompt = "Q: " + block("question", "Name a prime.") + "\n[A]\n" +
                             block("answer_a", "Two.") + "\n[B]\n" + block("answer_b", "Seven.") +
                             "\nScore out of 10.";
  const std::string reask =
      "Only this, please:\n### Score Assistant A:\nX/10\n### Score Assistant B:\nY/10";

  SECTION("the follow-up parses: ok, both replies kept") {
    ScriptedChat chat([&](const RecordedCall& call) {
      return text_response(call.context.role == "judge" ? first : combined_reply(7, 4));
    });
    auto j = judge_once(chat, config, item);
    REQUIRE(chat.calls.size() == 2);
    CHECK(chat.calls[1].context.role == "judge-reask");
    CHECK(chat.calls[1].context.item_id == "item-1");
    CHECK(chat.calls[1].endpoint == "judge-1");
    std::vector<llm::Message> expected = {
        {llm::Role::user, prompt}, {llm::Role::assistant, first}, {llm::Role::user, reask}};
    auto sent = chat.calls[1].request.messages;
    REQUIRE(sent.size() == 3);
    sent[0].content = masked(sent[0].content);
    CHECK(sent == expected);
    CHECK(j.status == JudgmentStatus::ok);
    CHECK(j.problem.empty());
    CHECK(*j.raw == first);
    CHECK(*j.reask_raw == combined_reply(7, 4));
    CHECK(*j.score_a == 7);
    CHECK(*j.score_b == 4);
    CHECK(j.usage.total_tokens == 30);
  }
  SECTION("the follow-up does not parse either: parse_failed, no score, both raws kept") {
    ScriptedChat chat([&](const RecordedCall& call) {
      return text_response(call.context.role == "judge" ? first : "Still A.");
    });
    auto j = judge_once(chat, config, item);
    CHECK(chat.calls.size() == 2);
    CHECK(j.status == JudgmentStatus::parse_failed);
    CHECK(j.problem == parse_combined(first, 10).failure().reason + "; after the follow-up: " +
                           parse_combined("Still A.", 10).failure().reason);
    CHECK(*j.raw == first);
    CHECK(*j.reask_raw == "Still A.");
    require_no_scores(j);
  }
  SECTION("the follow-up fails in transport") {
    ScriptedChat chat([&](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
      if (call.context.role == "judge") return text_response(first);
      return llm::Failure{llm::FailureKind::timeout, 0, "no answer in 60 s", 3};
    });
    auto j = judge_once(chat, config, item);
    CHECK(j.status == JudgmentStatus::transport_error);
    CHECK(j.problem == parse_combined(first, 10).failure().reason +
                           "; after the follow-up: timeout: no answer in 60 s");
    CHECK_FALSE(j.reask_raw);
    require_no_scores(j);
  }
  SECTION("in BA the follow-up continues the BA conversation and its scores are mapped back") {
    ScriptedChat chat([&](const RecordedCall& call) {
      return text_response(call.context.role == "judge" ? first : combined_reply(9, 6));
    });
    auto j = judge_once(chat, config, item, true);
    REQUIRE(chat.calls.size() == 2);
    CHECK(masked(chat.calls[1].request.messages[0].content) ==
          "Q: " + block("question", "Name a prime.") + "\n[A]\n" + block("answer_a", "Seven.") +
              "\n[B]\n" + block("answer_b", "Two.") + "\nScore out of 10.");
    CHECK(*j.score_a == 6);
    CHECK(*j.score_b == 9);
  }
}

TEST_CASE("json_output asks for the parser's response format, in the follow-up too", "[judging]") {
  auto config = make_config();
  config.json_output = true;
  config.swap = SwapMode::none;
  auto item = make_item({"Two.", "Seven."});
  ScriptedChat chat([](const RecordedCall& call) {
    return text_response(call.context.role == "judge" ? "{\"verdict\": \"A\"}"
                                                      : "{\"score_a\": 7, \"score_b\": 3}");
  });
  auto j = judge_once(chat, config, item);
  REQUIRE(chat.calls.size() == 2);
  CHECK(chat.calls[0].request.response_format ==
        judge_response_format(JudgeStrategy::combined, 10));
  CHECK(chat.calls[1].request.response_format ==
        judge_response_format(JudgeStrategy::combined, 10));
  CHECK(j.status == JudgmentStatus::ok);
  CHECK(*j.score_a == 7);
  CHECK(*j.score_b == 3);
}

TEST_CASE("a candidate judged alone", "[judging]") {
  auto config = make_config(JudgeStrategy::independent);
  config.max_score = 5;
  auto item = make_item({"Two.", "Seven."});
  ScriptedChat chat([](const RecordedCall&) { return text_response("### Score:\n4/5"); });
  auto j = sync_wait(judge_candidate_alone(chat, config, config.judges[0], item, 1));
  REQUIRE(chat.calls.size() == 1);
  CHECK(masked(chat.calls[0].request.messages[0].content) ==
        "Q: " + block("question", "Name a prime.") + "\n[Answer]\n" + block("answer", "Seven.") +
            "\nScore out of 5.");
  CHECK(j.strategy == JudgeStrategy::independent);
  CHECK(j.order.empty());
  CHECK(j.candidates == std::vector<int>{1});
  CHECK(*j.score == 4);
  CHECK_FALSE(j.score_a);
  auto json = to_json(j);
  CHECK(json["strategy"] == "independent");
  CHECK(json["order"] == "");
  CHECK(json["score"] == 4);
}

TEST_CASE("a judgment is flagged self-judged when its model's family wrote a candidate",
          "[judging]") {
  auto config = make_config();
  config.swap = SwapMode::none;
  auto item = make_item({"Two.", "Seven."});
  item.candidates[0].model = "meta-llama/Llama-3.1-8B-Instruct";
  item.candidates[1].model = "gemma-2-9b-it";
  auto respond = [](const RecordedCall&) { return text_response(combined_reply(5, 6)); };
  SECTION("same family") {
    ScriptedChat chat(respond, {{"judge-1", "Llama-3.3-70B-Instruct"}});
    auto j = judge_once(chat, config, item);
    CHECK(j.model == "Llama-3.3-70B-Instruct");
    CHECK(j.self_judged);
    CHECK(to_json(j)["self_judged"] == true);
  }
  SECTION("another family") {
    ScriptedChat chat(respond, {{"judge-1", "gpt-4o"}});
    CHECK_FALSE(judge_once(chat, config, item).self_judged);
  }
  SECTION("the configured family list is the one used") {
    config.self_judge.families = {"mistral"};
    ScriptedChat chat(respond, {{"judge-1", "Llama-3.3-70B-Instruct"}});
    CHECK_FALSE(judge_once(chat, config, item).self_judged);
  }
}

TEST_CASE("the question: the last user turn, with earlier turns as context", "[judging]") {
  std::vector<llm::Message> conversation = {{llm::Role::system, "Be brief."},
                                            {llm::Role::user, "Hi"},
                                            {llm::Role::assistant, "Hello!"},
                                            {llm::Role::user, "Name a prime."}};
  auto without_context = parse_template("t", "{{question}}", judge_template_placeholders());
  auto with_context =
      parse_template("t", "{{context}}|{{question}}", judge_template_placeholders());
  CHECK(question_values(without_context, conversation).at("question") ==
        "Conversation so far:\nSystem: Be brief.\n\nUser: Hi\n\nAssistant: Hello!\n\n"
        "Last user turn (the question):\nName a prime.");
  auto values = question_values(with_context, conversation);
  CHECK(values.at("question") == "Name a prime.");
  CHECK(values.at("context") == "System: Be brief.\n\nUser: Hi\n\nAssistant: Hello!");
  CHECK(question_values(without_context, {{llm::Role::user, "Only this."}}).at("question") ==
        "Only this.");
  CHECK_THROWS_WITH(question_values(without_context, {{llm::Role::system, "x"}}),
                    "judging: the conversation has no user turn");
}
