// records.jsonl names every candidate by one stable id (`c<i>`: its position in
// generation.candidates), in judging and in the selection, so that a reader never confuses a
// position among the judged candidates with a position among the generated ones.

#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"
#include "dataset_test_support.hpp"
#include "support/scripted_server.hpp"

using nlohmann::json;
using namespace pogen::cli::testing;
using pogen::testing::chat_ok;
using pogen::testing::ScriptedResponse;
using pogen::testing::ScriptedServer;

namespace {

ScriptedResponse cut_at_max_tokens(const std::string& content) {
  ScriptedResponse r = chat_ok(content);
  const std::string stop = R"("finish_reason":"stop")";
  const auto at = r.body.find(stop);
  REQUIRE(at != std::string::npos);
  r.body.replace(at, stop.size(), R"("finish_reason":"length")");
  return r;
}

std::string scores(int a, int b) {
  return "### Score Assistant A:\n" + std::to_string(a) + "/10\n### Score Assistant B:\n" +
         std::to_string(b) + "/10";
}

const json* candidate_with_id(const json& candidates, const std::string& id) {
  for (const auto& c : candidates) {
    if (c.value("id", "") == id) return &c;
  }
  return nullptr;
}

// Every object key at any depth of a JSON value.
void collect_keys(const json& value, std::set<std::string>& keys) {
  if (value.is_object()) {
    for (const auto& [key, element] : value.items()) {
      keys.insert(key);
      collect_keys(element, keys);
    }
  } else if (value.is_array()) {
    for (const auto& element : value) collect_keys(element, keys);
  }
}

// The words (letters, digits, _) inside `backticks` of a Markdown text.
std::set<std::string> backticked_words(const std::string& text) {
  std::set<std::string> words;
  bool inside = false;
  std::string word;
  for (const char c : text) {
    const bool word_char = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (inside && word_char) {
      word += c;
      continue;
    }
    if (!word.empty()) words.insert(word);
    word.clear();
    if (c == '`') inside = !inside;
  }
  return words;
}

}  // namespace

TEST_CASE("records.jsonl: chosen and rejected name generation candidates by id, not position",
          "[cli][records]") {
  // Three samples, the first cut at max_tokens: the judges see c1 and c2 (positions 0 and 1),
  // and prefer Assistant B, c2.
  ScriptedServer server({cut_at_max_tokens("A cut"), chat_ok("A short answer."),
                         chat_ok("A much better and longer answer."), chat_ok(scores(3, 9))});
  TempDir dir;
  auto config =
      dir.write("config.yaml",
                "endpoints:\n"
                "  - {name: gen, base_url: " +
                    server.base_url() +
                    ", model: gen-model, supports_n: false, limits: {max_in_flight: 1}}\n"
                    "  - {name: judge, base_url: " +
                    server.base_url() +
                    ", model: judge-model, limits: {max_in_flight: 1}}\n"
                    "prompts:\n  path: prompts.jsonl\n"
                    "generation:\n  strategy: multi\n  models: [{endpoint: gen, samples: 3}]\n"
                    "judging:\n  swap: none\n  judges: [{endpoint: judge}]\n"
                    "run:\n  max_items_in_flight: 1\n");
  dir.write("prompts.jsonl", R"({"id": "p0", "prompt": "Explain tides."})"
                             "\n");
  auto out = config + "-run";
  // The scripted server answers in arrival order: no endpoint probe to take the first answers.
  auto result = run_pogen({"build-dataset", "--config", config, "--out", out, "--no-probe"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto records = read_jsonl(out + "/records.jsonl");
  REQUIRE(records.size() == 1);
  const json& record = records[0];
  INFO(record.dump(2));
  const json& generated = record["generation"]["candidates"];
  REQUIRE(generated.size() == 3);
  for (std::size_t i = 0; i < generated.size(); ++i) {
    CHECK(generated[i]["id"] == "c" + std::to_string(i));
  }
  // The truncated answer is first, so judged positions and generation positions differ.
  REQUIRE(generated[0]["truncated"] == true);

  const json& judged = record["judging"]["candidates"];
  REQUIRE(judged.size() == 2);
  CHECK(judged[0]["id"] == "c1");
  CHECK(judged[1]["id"] == "c2");
  CHECK(record["judging"]["skipped"][0]["id"] == "c0");
  const json& verdict = record["judging"]["ranking"]["pairs"][0];
  CHECK(verdict["a_id"] == "c1");
  CHECK(verdict["b_id"] == "c2");
  CHECK(verdict["judgments"][0]["candidate_ids"] == json::array({"c1", "c2"}));

  const json& pair = record["selection"]["pairs"][0];
  CHECK(pair["chosen"] == "c2");
  CHECK(pair["rejected"] == "c1");
  auto dpo = read_jsonl(out + "/dpo.jsonl");
  REQUIRE(dpo.size() == 1);
  const json* chosen = candidate_with_id(generated, pair.value("chosen", ""));
  const json* rejected = candidate_with_id(generated, pair.value("rejected", ""));
  REQUIRE(chosen);
  REQUIRE(rejected);
  CHECK(dpo[0]["chosen"][0]["content"] == (*chosen)["text"]);
  CHECK(dpo[0]["rejected"][0]["content"] == (*rejected)["text"]);
  for (const auto& label : record["selection"]["kto"]) {
    CHECK(candidate_with_id(generated, label.value("candidate", "")) != nullptr);
  }
}

TEST_CASE("docs/output-formats.md names every field build-dataset writes", "[cli][records]") {
  TempDir dir;
  // A feedback loop whose generator fails a third of its requests, never retried.
  auto config =
      dir.write("config.yaml",
                "endpoints:\n"
                "  - {name: gen, base_url: fake, model: gen-model, retry: {max_retries: 0}, "
                "fake: {rate_500: 0.3, seed: 5}}\n"
                "  - {name: rev, base_url: fake, model: rev-model}\n"
                "  - {name: judge, base_url: fake, model: gpt-4o}\n"
                "prompts:\n  path: prompts.jsonl\n"
                "generation:\n  strategy: feedback-loop\n  generator: {endpoint: gen, seed: 1}\n"
                "  reviewers: [{endpoint: rev}]\n  iterations: 3\n"
                "judging:\n  judges: [{endpoint: judge, temperature: 0}]\n");
  dir.write("prompts.jsonl", prompt_lines(12) + R"({"id": "bad"})" + "\n");
  auto out = config + "-run";
  auto result = run_pogen({"build-dataset", "--config", config, "--out", out, "--skip-invalid",
                           "--max-failure-rate", "1"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  std::set<std::string> written;
  for (const char* file : {"/records.jsonl", "/rejects.jsonl"}) {
    for (const auto& line : read_jsonl(out + file)) collect_keys(line, written);
  }
  collect_keys(read_json(out + "/manifest.json"), written);
  // The run has every record shape: a failed sample, a failed item, an invalid prompt.
  CHECK(written.count("attempts") == 1);
  CHECK(written.count("stage") == 1);
  CHECK(written.count("line") == 1);
  // Map keys that are values, not field names: statuses counted, template names.
  const std::set<std::string> documented =
      backticked_words(read_file(source_path("docs/output-formats.md")));
  for (const auto& key : written) {
    if (key.starts_with("builtin") || key.find('/') != std::string::npos) continue;
    INFO(key);
    CHECK(documented.count(key) == 1);
  }
}
