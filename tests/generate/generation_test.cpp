#include <catch2/catch.hpp>

#include "core/sync_wait.hpp"
#include "generate/generation.hpp"
#include "generate/generation_record.hpp"
#include "support/scripted_chat.hpp"
#include "support/untrusted_text.hpp"
#include "templates/builtin.hpp"
#include "templates/prompt_template.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using pogen::testing::block;
using pogen::testing::masked;
using pogen::testing::RecordedCall;
using pogen::testing::ScriptedChat;
using pogen::testing::text_response;

namespace {

std::vector<llm::Message> question() { return {{llm::Role::user, "Why is the sky blue?"}}; }

GenerationConfig loop_config(int reviewers, int iterations) {
  GenerationConfig c;
  c.strategy = GenerationStrategy::feedback_loop;
  c.generator.endpoint = "gen";
  for (int r = 0; r < reviewers; ++r)
    c.reviewers.push_back({"rev" + std::to_string(r + 1), {}, 1, false});
  c.iterations = iterations;
  c.review_template = parse_template("review.md", "Q={{question}} A={{answer}} /{{max_score}}",
                                     review_placeholders());
  c.revise_template = parse_template("revise.md", "FEEDBACK:\n{{feedback}}", revise_placeholders());
  return c;
}

// Generator answers "answer N" (N = iteration); reviewer R answers "critique by R of <answer>.
// Score: S/10" with S from the scores table.
ScriptedChat::Responder loop_responder(std::map<std::string, std::vector<int>> scores = {}) {
  return [scores](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
    if (call.endpoint == "gen")
      return text_response("answer " + std::to_string(call.context.iteration));
    int score = 5;
    auto it = scores.find(call.endpoint);
    if (it != scores.end()) score = it->second.at(call.context.iteration - 1);
    return text_response("critique by " + call.endpoint + " (iteration " +
                         std::to_string(call.context.iteration) +
                         ")\nScore: " + std::to_string(score) + "/10");
  };
}

std::vector<std::string> endpoints_called(const ScriptedChat& chat) {
  std::vector<std::string> out;
  for (const auto& c : chat.calls)
    out.push_back(c.endpoint + ":" + c.context.role + ":" + std::to_string(c.context.iteration));
  return out;
}

}  // namespace

TEST_CASE("feedback loop with one reviewer sends exactly these messages", "[generation]") {
  ScriptedChat chat(loop_responder());
  auto config = loop_config(1, 3);
  auto item = sync_wait(generate_item(chat, config, "p1", question()));

  REQUIRE(endpoints_called(chat) == std::vector<std::string>{"gen:generate:1", "rev1:review:1",
                                                             "gen:revise:2", "rev1:review:2",
                                                             "gen:revise:3"});
  // Iteration 1: the conversation as given.
  CHECK(chat.calls[0].request.messages == question());
  // The reviewer sees the question and the current answer through its template.
  REQUIRE(chat.calls[1].request.messages.size() == 1);
  CHECK(chat.calls[1].request.messages[0].role == llm::Role::user);
  CHECK(masked(chat.calls[1].request.messages[0].content) ==
        "Q=" + block("question", "Why is the sky blue?") + " A=" + block("answer", "answer 1") +
            " /10");
  // Revision: the conversation, the previous answer, then the feedback.
  auto revision = chat.calls[2].request.messages;
  REQUIRE(revision.size() == 3);
  revision[2].content = masked(revision[2].content);
  CHECK(revision ==
        std::vector<llm::Message>{
            {llm::Role::user, "Why is the sky blue?"},
            {llm::Role::assistant, "answer 1"},
            {llm::Role::user,
             "FEEDBACK:\n" + block("feedback", "critique by rev1 (iteration 1)\nScore: 5/10")}});
  CHECK(masked(chat.calls[3].request.messages[0].content) ==
        "Q=" + block("question", "Why is the sky blue?") + " A=" + block("answer", "answer 2") +
            " /10");
  CHECK(chat.calls[4].request.messages[1].content == "answer 2");

  REQUIRE(item.candidates.size() == 3);
  CHECK(item.status() == "ok");
  for (int i = 0; i < 3; ++i) {
    CHECK(item.candidates[i].iteration == i + 1);
    CHECK(item.candidates[i].text == "answer " + std::to_string(i + 1));
  }
  REQUIRE(item.candidates[0].reviews.size() == 1);
  CHECK(item.candidates[0].reviews[0].score == 5.0);
  CHECK(item.candidates[2].reviews.empty());  // the last answer is not reviewed
}

TEST_CASE("feedback loop with two reviewers combines their feedback", "[generation]") {
  ScriptedChat chat(loop_responder());
  auto config = loop_config(2, 2);
  auto item = sync_wait(generate_item(chat, config, "p1", question()));

  REQUIRE(endpoints_called(chat) == std::vector<std::string>{"gen:generate:1", "rev1:review:1",
                                                             "rev2:review:1", "gen:revise:2"});
  CHECK(masked(chat.calls[3].request.messages[2].content) ==
        "FEEDBACK:\n" + block("feedback",
                              "### Reviewer 1\ncritique by rev1 (iteration 1)\nScore: 5/10\n\n"
                              "### Reviewer 2\ncritique by rev2 (iteration 1)\nScore: 5/10"));
  REQUIRE(item.candidates.size() == 2);
  CHECK(item.candidates[0].reviews.size() == 2);
}

TEST_CASE("feedback loop call count is N generator calls and N-1 per reviewer", "[generation]") {
  for (int n : {1, 2, 5}) {
    ScriptedChat chat(loop_responder());
    auto item = sync_wait(generate_item(chat, loop_config(2, n), "p", question()));
    CHECK(chat.calls.size() == static_cast<std::size_t>(n + 2 * (n - 1)));
    CHECK(item.candidates.size() == static_cast<std::size_t>(n));
  }
}

TEST_CASE("feedback loop stops early when every reviewer reaches the threshold", "[generation]") {
  ScriptedChat chat(loop_responder({{"rev1", {6, 9, 9}}, {"rev2", {8, 9, 9}}}));
  auto config = loop_config(2, 4);
  config.early_stop_score = 8.5;
  auto item = sync_wait(generate_item(chat, config, "p", question()));
  // Iteration 1 scores 6 and 8: revise. Iteration 2 scores 9 and 9: stop.
  CHECK(item.candidates.size() == 2);
  CHECK(item.stopped_early);
  CHECK(chat.calls.size() == 2 + 2 * 2);
  CHECK(item.status() == "ok");
}

TEST_CASE("a reviewer failing at iteration 2 keeps earlier answers and marks the item partial",
          "[generation]") {
  ScriptedChat chat([](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
    if (call.endpoint == "rev1" && call.context.iteration == 2) {
      return llm::Failure{llm::FailureKind::server_error, 500, "boom", 9};
    }
    return loop_responder()(call);
  });
  auto item = sync_wait(generate_item(chat, loop_config(1, 3), "p", question()));
  REQUIRE(item.candidates.size() == 2);
  CHECK(item.status() == "partial");
  REQUIRE(item.failures.size() == 1);
  CHECK(item.failures[0].stage == "review");
  CHECK(item.failures[0].endpoint == "rev1");
  CHECK(item.failures[0].iteration == 2);
  CHECK(item.failures[0].failure.kind == llm::FailureKind::server_error);
  CHECK(item.failures[0].failure.message == "boom");
  CHECK(chat.calls.size() == 4);  // no revision after the failed review
}

TEST_CASE("an unparsable review score is recorded as missing, never invented", "[generation]") {
  ScriptedChat chat([](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
    if (call.endpoint == "rev1") return text_response("Looks fine to me.");
    return text_response("answer");
  });
  auto config = loop_config(1, 2);
  config.early_stop_score = 0;
  auto item = sync_wait(generate_item(chat, config, "p", question()));
  REQUIRE(item.candidates.size() == 2);  // a missing score never satisfies the threshold
  REQUIRE(item.candidates[0].reviews.size() == 1);
  CHECK_FALSE(item.candidates[0].reviews[0].score.has_value());
  CHECK_FALSE(item.candidates[0].reviews[0].score_problem.empty());
}

TEST_CASE("every answer and review records its exchange, queue and retry times", "[generation]") {
  ScriptedChat chat([](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
    auto response = loop_responder()(call);
    const double base = call.endpoint == "gen" ? 100 * call.context.iteration : 1000;
    response.value().latency_ms = base + 1;
    response.value().queue_ms = base + 2;
    response.value().retry_ms = base + 3;
    return response;
  });
  auto item = sync_wait(generate_item(chat, loop_config(1, 2), "p", question()));
  const nlohmann::json record = to_json(item);
  const auto& candidates = record.at("candidates");
  REQUIRE(candidates.size() == 2);
  CHECK(candidates[0].at("latency_ms") == 101);
  CHECK(candidates[0].at("queue_ms") == 102);
  CHECK(candidates[0].at("retry_ms") == 103);
  CHECK(candidates[1].at("latency_ms") == 201);
  CHECK(candidates[1].at("queue_ms") == 202);
  CHECK(candidates[1].at("retry_ms") == 203);
  const auto& review = candidates[0].at("reviews").at(0);
  CHECK(review.at("latency_ms") == 1001);
  CHECK(review.at("queue_ms") == 1002);
  CHECK(review.at("retry_ms") == 1003);
}

TEST_CASE("multi asks for n samples in one request where the endpoint supports it",
          "[generation]") {
  ScriptedChat chat([](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
    llm::ChatResponse r = text_response(call.endpoint + " #0");
    for (int i = 1; i < call.request.n.value_or(1); ++i) {
      r.choices.push_back({i, call.endpoint + " #" + std::to_string(i), "stop"});
    }
    return r;
  });
  GenerationConfig config;
  config.strategy = GenerationStrategy::multi;
  config.models = {{"a", {}, 3, true}, {"b", {}, 2, false}};
  config.models[1].sampling.seed = 40;
  auto item = sync_wait(generate_item(chat, config, "p", question()));

  REQUIRE(chat.calls.size() == 3);  // a: one request with n=3; b: two requests
  CHECK(chat.calls[0].request.n == 3);
  CHECK_FALSE(chat.calls[1].request.n.has_value());
  CHECK(chat.calls[1].request.sampling.seed == 40);
  CHECK(chat.calls[2].request.sampling.seed == 41);  // samples differ by seed
  REQUIRE(item.candidates.size() == 5);
  CHECK(item.candidates[0].text == "a #0");
  CHECK(item.candidates[2].text == "a #2");
  CHECK(item.candidates[2].sample == 2);
  CHECK(item.candidates[3].text == "b #0");
  CHECK(item.candidates[4].sample == 1);
}

TEST_CASE("multi asks one by one for samples a server did not return despite n", "[generation]") {
  ScriptedChat chat([](const RecordedCall&) {
    return llm::Outcome<llm::ChatResponse>(text_response("only one"));
  });
  GenerationConfig config;
  config.strategy = GenerationStrategy::multi;
  config.models = {{"a", {}, 3, true}};
  auto item = sync_wait(generate_item(chat, config, "p", question()));
  CHECK(chat.calls.size() == 3);
  CHECK(item.candidates.size() == 3);
  CHECK(item.candidates[2].sample == 2);
}

TEST_CASE("truncated answers are kept but marked; empty answers are failures", "[generation]") {
  ScriptedChat chat([](const RecordedCall& call) -> llm::Outcome<llm::ChatResponse> {
    if (call.context.sample == 0) return text_response("cut sho", "m", "length");
    return text_response("", "m", "stop");
  });
  GenerationConfig config;
  config.strategy = GenerationStrategy::multi;
  config.models = {{"a", {}, 2, false}};
  auto item = sync_wait(generate_item(chat, config, "p", question()));
  REQUIRE(item.candidates.size() == 1);
  CHECK(item.candidates[0].truncated);
  CHECK(item.candidates[0].finish_reason == "length");
  REQUIRE(item.failures.size() == 1);
  CHECK(item.failures[0].failure.kind == llm::FailureKind::empty);
  CHECK(item.status() == "partial");
}

TEST_CASE("single: a failed request leaves the item without candidates", "[generation]") {
  ScriptedChat chat([](const RecordedCall&) -> llm::Outcome<llm::ChatResponse> {
    return llm::Failure{llm::FailureKind::auth, 401, "bad key", 1};
  });
  GenerationConfig config;
  config.models = {{"a", {}, 1, false}};
  auto item = sync_wait(generate_item(chat, config, "p", question()));
  CHECK(item.candidates.empty());
  CHECK(item.status() == "failed");
  REQUIRE(item.failures.size() == 1);
  CHECK(item.failures[0].failure.kind == llm::FailureKind::auth);
}

#include "run/ordered_runner.hpp"

TEST_CASE("results are handed on in input order whatever order calls finish in", "[generation]") {
  ScriptedChat chat([](const RecordedCall& call) {
    return llm::Outcome<llm::ChatResponse>(
        text_response("answer to " + call.request.messages[0].content));
  });
  chat.set_deferred(true);
  GenerationConfig config;
  config.models = {{"a", {}, 1, false}};

  int next_prompt = 0;
  std::vector<std::string> emitted;
  pipeline::OrderedRun<int, GeneratedItem> run;
  run.next = [&]() -> std::optional<int> {
    if (next_prompt == 6) return std::nullopt;
    return next_prompt++;
  };
  run.work = [&](int i) {
    return generate_item(chat, config, "p" + std::to_string(i),
                         {{llm::Role::user, "q" + std::to_string(i)}});
  };
  run.emit = [&](GeneratedItem item) { emitted.push_back(item.id); };
  run.window = 4;

  TaskScope scope;
  bool finished = false;
  scope.spawn([](pipeline::OrderedRun<int, GeneratedItem> r, bool& done) -> Task<void> {
    co_await pipeline::run_in_order(std::move(r));
    done = true;
  }(std::move(run), finished));

  // The window lets four items start; finish them backwards.
  REQUIRE(chat.pending_calls() == std::vector<std::size_t>{0, 1, 2, 3});
  chat.complete(3);
  chat.complete(2);
  chat.complete(1);
  CHECK(emitted.empty());  // item 0 is still running
  chat.complete(0);
  CHECK(emitted == std::vector<std::string>{"p0", "p1", "p2", "p3"});
  // Items 4 and 5 started as slots freed up.
  REQUIRE(chat.pending_calls() == std::vector<std::size_t>{4, 5});
  chat.complete(5);
  chat.complete(4);
  scope.rethrow_first_error();
  CHECK(finished);
  CHECK(emitted == std::vector<std::string>{"p0", "p1", "p2", "p3", "p4", "p5"});
  CHECK(chat.calls[5].request.messages[0].content == "q5");
}

TEST_CASE("the built-in review and revise templates use only their placeholders", "[template]") {
  CHECK_NOTHROW(parse_template("review.md", std::string(*builtin_prompt("review.md")),
                               review_placeholders()));
  CHECK_NOTHROW(parse_template("revise.md", std::string(*builtin_prompt("revise.md")),
                               revise_placeholders()));
}

TEST_CASE("a failed stage reads like every other failure: kind, HTTP status, the server's words",
          "[generation]") {
  StageFailure failure{"revise", "gen", 2, 0,
                       llm::Failure{llm::FailureKind::server_error, 500, "upstream exploded", 1}};
  CHECK(describe(failure) == "revise by gen: server_error (HTTP 500): upstream exploded");
  failure.failure = llm::Failure{llm::FailureKind::timeout, 0, "no answer in 60 s", 3};
  CHECK(describe(failure) == "revise by gen: timeout: no answer in 60 s");
}
