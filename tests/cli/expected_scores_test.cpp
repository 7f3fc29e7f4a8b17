// pogen judge with judging.scores: expected against a scripted server that answers with
// log-probabilities in each server's form (OpenAI, vLLM, llama.cpp): the request asks for them,
// judgments.jsonl keeps the sampled and the expected scores, the verdict follows the expected
// ones, a reply without usable log-probabilities falls back with its reason, and a rerun over the
// cache gives the same expected scores without a request.

#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"
#include "support/scripted_server.hpp"

using nlohmann::json;
using pogen::cli::testing::read_jsonl;
using pogen::cli::testing::run_pogen;
using pogen::cli::testing::TempDir;
using pogen::testing::ScriptedResponse;
using pogen::testing::ScriptedServer;

namespace {

// The judge samples 7 for A and 8 for B; A's 7 is a toss-up between 7 and 9 (expected 8), B's 8
// is likely (0.9 against 7: expected 7.9). Sampled: B; expected: A.
const std::string kReply = "Fair.\n### Score Assistant A:\n7/10\n### Score Assistant B:\n8/10";

json bytes_of(const std::string& text) {
  json out = json::array();
  for (char c : text) out.push_back(static_cast<int>(static_cast<unsigned char>(c)));
  return out;
}

// The tokens of kReply: the text up to each score, the score, and "/10\n..." after it.
// `token_form` writes one token in the server's form.
using TokenForm = std::function<json(const std::string& token, double logprob, json top)>;

json reply_logprobs(const TokenForm& form) {
  const auto alt = [&](const std::string& token, double p) {
    return form(token, std::log(p), nullptr);
  };
  json content = json::array();
  content.push_back(form("Fair.\n### Score Assistant A:\n", -0.01, json::array()));
  content.push_back(form("7", std::log(0.5), json::array({alt("7", 0.5), alt("9", 0.5)})));
  content.push_back(form("/10\n### Score Assistant B:\n", -0.01, json::array()));
  content.push_back(form("8", std::log(0.9), json::array({alt("8", 0.9), alt("7", 0.1)})));
  content.push_back(form("/10", -0.01, json::array()));
  return content;
}

// OpenAI: bytes (null allowed), "refusal": null beside content.
json openai_token(const std::string& token, double logprob, json top) {
  json out = {{"token", token}, {"logprob", logprob}, {"bytes", bytes_of(token)}};
  if (!top.is_null()) out["top_logprobs"] = std::move(top);
  return out;
}
// llama.cpp: an id on every token and alternative.
json llamacpp_token(const std::string& token, double logprob, json top) {
  json out = {{"id", static_cast<int>(token.size()) + 1000},
              {"token", token},
              {"bytes", bytes_of(token)},
              {"logprob", logprob}};
  if (!top.is_null()) out["top_logprobs"] = std::move(top);
  return out;
}
// vLLM by default: token texts and bytes, no refusal key, and an alternative clamped at its floor
// of -9999.0 (a probability of 0 that must not move the expected score).
json vllm_token(const std::string& token, double logprob, json top) {
  json out = {{"token", token}, {"logprob", logprob}, {"bytes", bytes_of(token)}};
  if (!top.is_null()) {
    top.push_back({{"token", "3"}, {"logprob", -9999.0}, {"bytes", bytes_of("3")}});
    out["top_logprobs"] = std::move(top);
  }
  return out;
}
// vLLM with --return-tokens-as-token-ids: "token_id:<id>", bytes of that text.
json vllm_token_id(const std::string& token, double logprob, json top) {
  const std::string id = "token_id:" + std::to_string(token.size() + 2000);
  json out = {{"token", id}, {"logprob", logprob}, {"bytes", bytes_of(id)}};
  if (!top.is_null()) out["top_logprobs"] = std::move(top);
  return out;
}

ScriptedResponse judge_answer(const json& logprobs) {
  json body = {{"id", "chatcmpl-1"},
               {"object", "chat.completion"},
               {"model", "judge-model"},
               {"choices", json::array({{{"index", 0},
                                         {"message", {{"role", "assistant"}, {"content", kReply}}},
                                         {"logprobs", logprobs},
                                         {"finish_reason", "stop"}}})},
               {"usage", {{"prompt_tokens", 50}, {"completion_tokens", 20}, {"total_tokens", 70}}}};
  ScriptedResponse response;
  response.body = body.dump();
  return response;
}

std::string candidates_line() {
  json candidate = {{"model", "gen"}, {"endpoint", "gen"},       {"iteration", 0},
                    {"sample", 0},    {"finish_reason", "stop"}, {"truncated", false}};
  json a = candidate, b = candidate;
  a["text"] = "Paris.";
  b["text"] = "It is Paris, on the Seine.";
  json item = {
      {"id", "q1"},
      {"conversation", json::array({{{"role", "user"}, {"content", "Capital of France?"}}})},
      {"candidates", json::array({a, b})}};
  return item.dump() + "\n";
}

// The temporary directory itself (TempDir gives the paths of the files it writes).
std::string root_of(const TempDir& dir) {
  return std::filesystem::path(dir.write(".root", "")).parent_path().string();
}

struct Run {
  pogen::testing::ProcessResult result;
  json judgment;
  json pair;
};

Run judge_against(ScriptedServer& server, TempDir& dir, const std::string& out) {
  auto config =
      dir.write("config.yaml", "endpoints:\n  - {name: judge, base_url: " + server.base_url() +
                                   ", model: judge-model, retry: {max_retries: 0}}\n"
                                   "judging:\n  judges: [{endpoint: judge}]\n"
                                   "  swap: none\n  scores: expected\n");
  auto input = dir.write("candidates.jsonl", candidates_line());
  Run run;
  run.result =
      run_pogen({"judge", "--no-probe", "--config", config, "--input", input, "--out", out});
  if (run.result.exit_code == 0) {
    auto rows = read_jsonl(out + "/judge/judgments.jsonl");
    REQUIRE(rows.size() == 1);
    run.pair = rows[0]["ranking"]["pairs"][0];
    run.judgment = run.pair["judgments"][0];
  }
  return run;
}

}  // namespace

TEST_CASE(
    "judge: expected scores from OpenAI's, vLLM's and llama.cpp's logprobs decide the verdict",
    "[cli][judge][expected]") {
  struct Dialect {
    const char* name;
    json logprobs;
  };
  json openai = {{"content", reply_logprobs(openai_token)}, {"refusal", nullptr}};
  json llamacpp = {{"content", reply_logprobs(llamacpp_token)}};
  json vllm = {{"content", reply_logprobs(vllm_token)}};
  for (const auto& dialect :
       {Dialect{"openai", openai}, Dialect{"vllm", vllm}, Dialect{"llama.cpp", llamacpp}}) {
    INFO(dialect.name);
    ScriptedServer server({judge_answer(dialect.logprobs)});
    TempDir dir;
    auto run = judge_against(server, dir, root_of(dir) + "/run");
    INFO(run.result.err);
    REQUIRE(run.result.exit_code == 0);

    const auto requests = server.requests();
    REQUIRE(requests.size() == 1);
    const json sent = json::parse(requests[0].body);
    CHECK(sent["logprobs"] == true);
    CHECK(sent["top_logprobs"] == 20);

    const json& j = run.judgment;
    CHECK(j["score_a"] == 7);
    CHECK(j["score_b"] == 8);
    CHECK(j["expected_score_a"].get<double>() == Approx(8));
    CHECK(j["expected_score_b"].get<double>() == Approx(7.9));
    CHECK(j["expected_mass_a"].get<double>() == Approx(1));
    CHECK(j["scores_used"] == "expected");
    CHECK(j["tie_tolerance"].get<double>() == Approx(0.05));
    CHECK_FALSE(j.contains("expected_unavailable"));
    CHECK(run.pair["verdict"] == "A");  // the sampled scores would say B
    CHECK(run.pair["score_a"].get<double>() == Approx(8));
  }
}

TEST_CASE("judge: without usable log-probabilities the sampled scores decide, with the reason",
          "[cli][judge][expected]") {
  struct Case {
    const char* name;
    json logprobs;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"logprobs null", nullptr, "the server returned no log-probabilities"},
      {"vLLM token ids",
       {{"content", reply_logprobs(vllm_token_id)}},
       "the server sent token ids instead of token texts (vLLM's --return-tokens-as-token-ids)"}};
  for (const auto& c : cases) {
    INFO(c.name);
    ScriptedServer server({judge_answer(c.logprobs)});
    TempDir dir;
    auto run = judge_against(server, dir, root_of(dir) + "/run");
    INFO(run.result.err);
    REQUIRE(run.result.exit_code == 0);
    const json& j = run.judgment;
    CHECK(j["scores_used"] == "sampled");
    CHECK(j["expected_unavailable"] == c.reason);
    CHECK_FALSE(j.contains("expected_score_a"));
    CHECK(run.pair["verdict"] == "B");
  }
}

TEST_CASE("judge: a rerun over the cache gives the same expected scores without a request",
          "[cli][judge][expected]") {
  ScriptedServer server({judge_answer({{"content", reply_logprobs(openai_token)}})});
  TempDir dir;
  auto first = judge_against(server, dir, root_of(dir) + "/first");
  INFO(first.result.err);
  REQUIRE(first.result.exit_code == 0);
  REQUIRE(server.request_count() == 1);

  // judge keeps its cache in its own folder of the run directory.
  const std::string second_dir = root_of(dir) + "/second";
  std::filesystem::create_directories(second_dir + "/judge");
  for (const char* file : {"/judge/responses.sqlite", "/judge/responses.sqlite-wal"}) {
    REQUIRE((std::string(file).find("-wal") != std::string::npos ||
             std::filesystem::exists(root_of(dir) + "/first" + file)));
    if (std::filesystem::exists(root_of(dir) + "/first" + file)) {
      std::filesystem::copy_file(root_of(dir) + "/first" + file, second_dir + file);
    }
  }
  auto second = judge_against(server, dir, second_dir);
  INFO(second.result.err);
  REQUIRE(second.result.exit_code == 0);
  CHECK(server.request_count() == 1);  // answered from the cache
  CHECK(second.judgment["expected_score_a"] == first.judgment["expected_score_a"]);
  CHECK(second.judgment["expected_score_b"] == first.judgment["expected_score_b"]);
  CHECK(second.judgment["expected_mass_b"] == first.judgment["expected_mass_b"]);
  CHECK(second.pair["verdict"] == "A");
}

TEST_CASE("judge --fake with judging.scores: expected gives expected scores end to end",
          "[cli][judge][expected]") {
  TempDir dir;
  auto config = dir.write("config.yaml",
                          "endpoints:\n  - {name: judge, base_url: fake, model: gpt-4o}\n"
                          "judging:\n  judges: [{endpoint: judge}]\n  scores: expected\n");
  auto input = dir.write("candidates.jsonl", candidates_line());
  auto result =
      run_pogen({"judge", "--config", config, "--input", input, "--out", root_of(dir) + "/run"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto rows = read_jsonl(root_of(dir) + "/run/judge/judgments.jsonl");
  REQUIRE(rows.size() == 1);
  for (const auto& j : rows[0]["ranking"]["pairs"][0]["judgments"]) {
    CHECK(j["scores_used"] == "expected");
    CHECK(j["expected_score_a"].is_number());
    CHECK(j["expected_score_b"].is_number());
    // The fake puts the sampled digit at 0.5..0.9 and its neighbours around it.
    CHECK(std::abs(j["expected_score_a"].get<double>() - j["score_a"].get<double>()) < 1);
  }
}
