#include <catch2/catch.hpp>

#include <stdexcept>

#include "select/trl_rows.hpp"

using namespace pogen;
using namespace pogen::pipeline;
using nlohmann::json;

namespace {

const std::vector<llm::Message> kQuestion = {{llm::Role::user, "Why is the sky blue?"}};
const std::vector<llm::Message> kConversation = {
    {llm::Role::system, "Be brief."},
    {llm::Role::user, "Hi"},
    {llm::Role::assistant, "Hello."},
    {llm::Role::user, "Why is the sky blue?"},
};

json conversational_dpo() {
  return json::parse(R"({"prompt_id": "p1",
    "prompt": [{"role": "user", "content": "Why is the sky blue?"}],
    "chosen": [{"role": "assistant", "content": "Rayleigh scattering."}],
    "rejected": [{"role": "assistant", "content": "Because it is."}]})");
}

json standard_dpo() {
  return json::parse(R"({"prompt_id": "p1", "prompt": "Why is the sky blue?",
    "chosen": "Rayleigh scattering.", "rejected": "Because it is."})");
}

json conversational_kto() {
  return json::parse(R"({"prompt_id": "p1",
    "prompt": [{"role": "user", "content": "Why is the sky blue?"}],
    "completion": [{"role": "assistant", "content": "Rayleigh scattering."}],
    "label": true})");
}

json standard_kto() {
  return json::parse(R"({"prompt_id": "p1", "prompt": "Why is the sky blue?",
    "completion": "Rayleigh scattering.", "label": false})");
}

// row with row[key] = value, or without key when value is kErase.
json with(json row, const std::string& key, std::optional<json> value) {
  if (value) {
    row[key] = std::move(*value);
  } else {
    row.erase(key);
  }
  return row;
}

constexpr std::nullopt_t kErase = std::nullopt;

std::optional<std::string> dpo_problem(json row, const std::string& key, std::optional<json> value,
                                       RowFormat format) {
  return check_dpo_row(with(std::move(row), key, std::move(value)), format);
}

}  // namespace

TEST_CASE("a conversational DPO row holds the whole conversation as the prompt", "[trl]") {
  auto row =
      dpo_row("p7", kConversation, "Rayleigh scattering.", "Because.", RowFormat::conversational);
  CHECK(row.dump() ==
        R"({"chosen":[{"content":"Rayleigh scattering.","role":"assistant"}],)"
        R"("prompt":[{"content":"Be brief.","role":"system"},{"content":"Hi","role":"user"},)"
        R"({"content":"Hello.","role":"assistant"},)"
        R"({"content":"Why is the sky blue?","role":"user"}],)"
        R"("prompt_id":"p7",)"
        R"("rejected":[{"content":"Because.","role":"assistant"}]})");
  CHECK_FALSE(check_dpo_row(row, RowFormat::conversational));
}

TEST_CASE("a standard DPO row holds plain strings", "[trl]") {
  auto row =
      dpo_row("p1", kQuestion, "Rayleigh scattering.", "Because it is.", RowFormat::standard);
  CHECK(row == standard_dpo());
  CHECK_FALSE(check_dpo_row(row, RowFormat::standard));
}

TEST_CASE("KTO rows in both formats", "[trl]") {
  auto conversational =
      kto_row("p1", kQuestion, "Rayleigh scattering.", true, RowFormat::conversational);
  CHECK(conversational == conversational_kto());
  CHECK_FALSE(check_kto_row(conversational, RowFormat::conversational));
  auto standard = kto_row("p1", kQuestion, "Rayleigh scattering.", false, RowFormat::standard);
  CHECK(standard == standard_kto());
  CHECK(standard.dump() ==
        R"({"completion":"Rayleigh scattering.","label":false,"prompt":"Why is the sky blue?",)"
        R"("prompt_id":"p1"})");
}

TEST_CASE("the standard format cannot hold a system turn or several turns", "[trl]") {
  CHECK_THROWS_WITH(dpo_row("p1", kConversation, "a", "b", RowFormat::standard),
                    "the standard format cannot hold a system turn; use the conversational "
                    "format");
  std::vector<llm::Message> multi(kConversation.begin() + 1, kConversation.end());
  CHECK_THROWS_WITH(dpo_row("p1", multi, "a", "b", RowFormat::standard),
                    "the standard format holds one user turn, this prompt has 3 turns; use the "
                    "conversational format");
  CHECK_THROWS_WITH(kto_row("p1", multi, "a", true, RowFormat::standard),
                    "the standard format holds one user turn, this prompt has 3 turns; use the "
                    "conversational format");
  CHECK_THROWS_AS(kto_row("p1", multi, "a", true, RowFormat::standard), std::invalid_argument);
  CHECK_THROWS_WITH(dpo_row("p1", {{llm::Role::assistant, "Hi"}}, "a", "b", RowFormat::standard),
                    "\"prompt\" does not end with a user turn");
  CHECK_THROWS_WITH(dpo_row("p1", {}, "a", "b", RowFormat::standard), "\"prompt\" is empty");
}

TEST_CASE("rows that TRL could not use are never built", "[trl]") {
  CHECK_THROWS_WITH(
      dpo_row("p1", kQuestion, "Same  answer", " Same answer\n", RowFormat::conversational),
      "\"chosen\" and \"rejected\" are the same text");
  CHECK_THROWS_WITH(dpo_row("", kQuestion, "a", "b", RowFormat::conversational),
                    "\"prompt_id\" is empty");
  CHECK_THROWS_WITH(dpo_row("p1", {}, "a", "b", RowFormat::conversational), "\"prompt\" is empty");
  CHECK_THROWS_WITH(dpo_row("p1", {{llm::Role::user, "Q"}, {llm::Role::assistant, "A"}}, "a", "b",
                            RowFormat::conversational),
                    "\"prompt\" does not end with a user turn");
  CHECK_THROWS_WITH(kto_row("p1", kQuestion, " \n", true, RowFormat::standard),
                    "\"completion\" is empty");
  CHECK_THROWS_WITH(kto_row("p1", kQuestion, "", true, RowFormat::conversational),
                    "\"completion\"[0] has empty content");
}

TEST_CASE("check_dpo_row: shape and keys", "[trl]") {
  const auto c = RowFormat::conversational;
  CHECK(check_dpo_row(json::array(), c) == "row is not a JSON object");
  CHECK(dpo_problem(conversational_dpo(), "prompt_id", kErase, c) == "missing key \"prompt_id\"");
  CHECK(dpo_problem(conversational_dpo(), "prompt", kErase, c) == "missing key \"prompt\"");
  CHECK(dpo_problem(conversational_dpo(), "chosen", kErase, c) == "missing key \"chosen\"");
  CHECK(dpo_problem(conversational_dpo(), "rejected", kErase, c) == "missing key \"rejected\"");
  CHECK(dpo_problem(conversational_dpo(), "prompt_id", 7, c) == "\"prompt_id\" is not a string");
  CHECK(dpo_problem(conversational_dpo(), "prompt_id", " ", c) == "\"prompt_id\" is empty");
  CHECK(dpo_problem(conversational_dpo(), "extra", "allowed", c) == std::nullopt);
}

TEST_CASE("check_dpo_row: conversational prompt", "[trl]") {
  const auto c = RowFormat::conversational;
  auto problem = [&](json prompt) {
    return dpo_problem(conversational_dpo(), "prompt", prompt, c);
  };
  CHECK(problem("Why?") == "\"prompt\" is not a list of messages");
  CHECK(problem(json::array()) == "\"prompt\" is empty");
  CHECK(problem(json::parse(R"([{"role": "user"}])")) ==
        "\"prompt\"[0] is not a message with string \"role\" and \"content\"");
  CHECK(problem(json::parse(R"([{"role": "system", "content": "x"}, "Why?"])")) ==
        "\"prompt\"[1] is not a message with string \"role\" and \"content\"");
  CHECK(problem(json::parse(R"([{"role": "user", "content": null}])")) ==
        "\"prompt\"[0] is not a message with string \"role\" and \"content\"");
  CHECK(problem(json::parse(R"([{"role": "tool", "content": "x"}])")) ==
        "\"prompt\"[0] has unknown role \"tool\"");
  CHECK(problem(json::parse(R"([{"role": "system", "content": ""},
                                {"role": "user", "content": "x"}])")) ==
        "\"prompt\"[0] has empty content");
  CHECK(problem(json::parse(R"([{"role": "user", "content": "x"},
                                {"role": "assistant", "content": "y"}])")) ==
        "\"prompt\" does not end with a user turn");
  CHECK(problem(json::parse(R"([{"role": "system", "content": "s"},
                                {"role": "user", "content": "x", "name": "bob"}])")) ==
        std::nullopt);
}

TEST_CASE("check_dpo_row: conversational completions", "[trl]") {
  const auto c = RowFormat::conversational;
  auto problem = [&](const std::string& key, json value) {
    return dpo_problem(conversational_dpo(), key, value, c);
  };
  CHECK(problem("chosen", "Rayleigh.") == "\"chosen\" is not a list of messages");
  CHECK(problem("rejected", json::object()) == "\"rejected\" is not a list of messages");
  CHECK(problem("chosen", json::array()) == "\"chosen\" must hold exactly one message, got 0");
  CHECK(problem("rejected", json::parse(R"([{"role": "assistant", "content": "a"},
                                            {"role": "assistant", "content": "b"}])")) ==
        "\"rejected\" must hold exactly one message, got 2");
  CHECK(problem("chosen", json::parse(R"([{"content": "a"}])")) ==
        "\"chosen\"[0] is not a message with string \"role\" and \"content\"");
  CHECK(problem("chosen", json::parse(R"([{"role": "user", "content": "a"}])")) ==
        "\"chosen\"[0] has role \"user\", not \"assistant\"");
  CHECK(problem("rejected", json::parse(R"([{"role": "assistant", "content": "\t"}])")) ==
        "\"rejected\"[0] has empty content");
  CHECK(problem("rejected", json::parse(R"([{"role": "assistant",
                                             "content": "  Rayleigh\nscattering. "}])")) ==
        "\"chosen\" and \"rejected\" are the same text");
}

TEST_CASE("check_dpo_row: standard format", "[trl]") {
  const auto s = RowFormat::standard;
  CHECK(check_dpo_row(standard_dpo(), s) == std::nullopt);
  CHECK(check_dpo_row(conversational_dpo(), s) == "\"prompt\" is not a string");
  CHECK(check_dpo_row(standard_dpo(), RowFormat::conversational) ==
        "\"prompt\" is not a list of messages");
  CHECK(dpo_problem(standard_dpo(), "prompt", "", s) == "\"prompt\" is empty");
  CHECK(dpo_problem(standard_dpo(), "chosen", json::array({"a"}), s) ==
        "\"chosen\" is not a string");
  CHECK(dpo_problem(standard_dpo(), "chosen", "\n", s) == "\"chosen\" is empty");
  CHECK(dpo_problem(standard_dpo(), "rejected", nullptr, s) == "\"rejected\" is not a string");
  CHECK(dpo_problem(standard_dpo(), "rejected", "", s) == "\"rejected\" is empty");
  CHECK(dpo_problem(standard_dpo(), "rejected", "Rayleigh scattering.", s) ==
        "\"chosen\" and \"rejected\" are the same text");
}

TEST_CASE("check_kto_row: every failure", "[trl]") {
  const auto c = RowFormat::conversational;
  const auto s = RowFormat::standard;
  CHECK(check_kto_row(conversational_kto(), c) == std::nullopt);
  CHECK(check_kto_row(standard_kto(), s) == std::nullopt);
  CHECK(check_kto_row("row", c) == "row is not a JSON object");
  CHECK(check_kto_row(with(conversational_kto(), "completion", kErase), c) ==
        "missing key \"completion\"");
  CHECK(check_kto_row(with(conversational_kto(), "label", kErase), c) == "missing key \"label\"");
  CHECK(check_kto_row(with(conversational_kto(), "prompt_id", json::array()), c) ==
        "\"prompt_id\" is not a string");
  CHECK(check_kto_row(with(conversational_kto(), "label", "true"), c) ==
        "\"label\" is not a boolean");
  CHECK(check_kto_row(with(standard_kto(), "label", 1), s) == "\"label\" is not a boolean");
  CHECK(check_kto_row(with(conversational_kto(), "completion",
                           json::parse(R"([{"role": "system", "content": "x"}])")),
                      c) == "\"completion\"[0] has role \"system\", not \"assistant\"");
  CHECK(check_kto_row(with(conversational_kto(), "completion", json::array()), c) ==
        "\"completion\" must hold exactly one message, got 0");
  CHECK(check_kto_row(with(conversational_kto(), "prompt", json::array()), c) ==
        "\"prompt\" is empty");
  CHECK(check_kto_row(with(standard_kto(), "completion", ""), s) == "\"completion\" is empty");
  CHECK(check_kto_row(with(standard_kto(), "completion", 3), s) ==
        "\"completion\" is not a string");
  CHECK(check_kto_row(conversational_kto(), s) == "\"prompt\" is not a string");
}

TEST_CASE("row format names round-trip", "[trl]") {
  CHECK(std::string(name_of(RowFormat::conversational)) == "conversational");
  CHECK(std::string(name_of(RowFormat::standard)) == "standard");
  CHECK(parse_enum<RowFormat>("standard") == RowFormat::standard);
  CHECK(parse_enum<RowFormat>("conversational") == RowFormat::conversational);
  CHECK_FALSE(parse_enum<RowFormat>("chatml"));
}
