// The fake endpoint must answer pogen's own templates in the formats pogen parses: these tests
// render the built-in templates, ask the fake responder, and parse the reply with the real parser.

#include <catch2/catch.hpp>

#include "fake/responder.hpp"
#include "judge/parse/parse.hpp"
#include "templates/builtin.hpp"
#include "templates/prompt_template.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using nlohmann::json;

namespace {

std::string render_builtin(const std::string& name,
                           const std::map<std::string, std::string>& values) {
  std::set<std::string> allowed;
  for (const auto& [k, v] : values) allowed.insert(k);
  auto tmpl = parse_template(name, std::string(*builtin_prompt(name)), allowed);
  return render(tmpl, values);
}

json body_with(std::vector<std::pair<std::string, std::string>> messages) {
  json m = json::array();
  for (auto& [role, content] : messages) m.push_back({{"role", role}, {"content", content}});
  return {{"model", "fake"}, {"messages", m}};
}

const std::string kShort = "Because of Rayleigh scattering.";
const std::string kLong =
    "Sunlight is scattered by the molecules of the air, and short wavelengths scatter much more "
    "than long ones, so blue light reaches us from every direction of the sky.";

}  // namespace

TEST_CASE("the fake judge answers combined scoring in the parsed format, the same in both orders",
          "[fake-roles]") {
  auto ab = render_builtin("judge-combined.md", {{"context", ""},
                                                 {"question", "Why is the sky blue?"},
                                                 {"answer_a", kShort},
                                                 {"answer_b", kLong},
                                                 {"max_score", "10"}});
  auto ba = render_builtin("judge-combined.md", {{"context", ""},
                                                 {"question", "Why is the sky blue?"},
                                                 {"answer_a", kLong},
                                                 {"answer_b", kShort},
                                                 {"max_score", "10"}});
  auto first = parse_combined(llm::fake_reply(body_with({{"user", ab}}), 0), 10);
  auto second = parse_combined(llm::fake_reply(body_with({{"user", ba}}), 0), 10);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first.value().a == second.value().b);
  CHECK(first.value().b == second.value().a);
}

TEST_CASE("the fake judge answers comparison and independent prompts", "[fake-roles]") {
  auto cmp = render_builtin(
      "judge-comparison.md",
      {{"context", ""}, {"question", "Q"}, {"answer_a", kShort}, {"answer_b", kLong}});
  CHECK(parse_comparison(llm::fake_reply(body_with({{"user", cmp}}), 0)).ok());
  auto ind =
      render_builtin("judge-independent.md",
                     {{"context", ""}, {"question", "Q"}, {"answer", kLong}, {"max_score", "5"}});
  auto score = parse_independent(llm::fake_reply(body_with({{"user", ind}}), 0), 5);
  REQUIRE(score.ok());
  CHECK(score.value() <= 5);
}

TEST_CASE("a malformed fake judgment is parse-failed, and the follow-up turn fixes it",
          "[fake-roles]") {
  llm::FakeSettings always_malformed;
  always_malformed.judge_malformed_rate = 1.0;
  auto prompt = render_builtin("judge-combined.md", {{"context", ""},
                                                     {"question", "Q"},
                                                     {"answer_a", kShort},
                                                     {"answer_b", kLong},
                                                     {"max_score", "10"}});
  auto raw = llm::fake_reply(body_with({{"user", prompt}}), 0, always_malformed);
  CHECK_FALSE(parse_combined(raw, 10).ok());
  auto reask = render_builtin(
      "judge-reask.md",
      {{"required_format", required_format(JudgeStrategy::combined, 10)}, {"max_score", "10"}});
  auto fixed = llm::fake_reply(body_with({{"user", prompt}, {"assistant", raw}, {"user", reask}}),
                               0, always_malformed);
  CHECK(parse_combined(fixed, 10).ok());
}

TEST_CASE("the fake reviewer ends with a parsable score and the reviser extends the answer",
          "[fake-roles]") {
  auto review = render_builtin(
      "review.md", {{"context", ""}, {"question", "Q"}, {"answer", kLong}, {"max_score", "10"}});
  auto critique = llm::fake_reply(body_with({{"user", review}}), 0);
  CHECK(parse_independent(critique, 10).ok());
  auto revise = render_builtin("revise.md", {{"feedback", critique}, {"question", "Q"}});
  auto revised =
      llm::fake_reply(body_with({{"user", "Q"}, {"assistant", kLong}, {"user", revise}}), 0);
  CHECK(revised.rfind(kLong, 0) == 0);
  CHECK(revised.size() > kLong.size());
}
